/** Per-message feedback (thumbs up / down with a reason): types and validation for the core action and the wire event. */
export { FEEDBACK_REASON_MAX, parseFeedbackEvent, validateFeedback } from './feedback.js';
export type { Feedback, FeedbackEvent, FeedbackValue } from './feedback.js';
