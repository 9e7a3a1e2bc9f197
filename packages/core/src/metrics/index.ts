/**
 * `@attune/core/metrics`: measuring empathy. `summarizeConversation` turns one
 * conversation (snapshot, stored transcript or event log) into timings, empathy evidence,
 * a tone path and a QA scorecard; `aggregateSummaries` gives team figures. Also
 * `detectAbuse` for teammate protection and per-message feedback validation. Pure and
 * headless; a separate entry point so the widget bundle never pays for it.
 */
export { summarizeConversation } from './summarize.js';
export { aggregateSummaries, distribution } from './aggregate.js';
export type {
  AggregateSummary,
  ConversationSummary,
  Criterion,
  CriterionName,
  CriterionResult,
  Distribution,
  HandoffSummary,
  Rate,
  RecapSummary,
  Scorecard,
  SummarizeOptions,
  SummaryEvent,
  SummaryInput,
  TonePath,
  TonePoint,
} from './summary.types.js';
export { detectAbuse } from '../abuse/index.js';
export type { AbuseKind, AbuseResult } from '../abuse/index.js';
export { FEEDBACK_REASON_MAX, parseFeedbackEvent, validateFeedback } from '../feedback/index.js';
export type { Feedback, FeedbackEvent, FeedbackValue } from '../feedback/index.js';
