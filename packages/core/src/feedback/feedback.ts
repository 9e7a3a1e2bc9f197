import { AttuneError, validationError } from '../errors.js';
import type { AttuneErrorDetail } from '../errors.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import { FEEDBACK_REASON_MAX } from '../rules.js';

/** Longest reason kept with a rating, in characters. */
export { FEEDBACK_REASON_MAX };

/** A thumbs up or down on one agent or bot message. */
export type FeedbackValue = 'up' | 'down';

/** Per-message feedback once validated: what `Conversation.feedback(messageId, value, reason?)` sends; `value: null` clears it. */
export interface Feedback {
  messageId: string;
  value: FeedbackValue | null;
  /** Trimmed; absent when empty. */
  reason?: string;
}

/**
 * The wire event for per-message feedback (protocol v1.1, client → server). Like every
 * client event it carries its own `id`, so a retried event is stored once.
 */
export interface FeedbackEvent extends Feedback {
  v: 1;
  type: 'feedback';
  id: string;
  /** When the server received it (servers may stamp it; clients need not send it). */
  at?: number;
}

/** JSON of a value for an error message; `JSON.stringify(undefined)` is undefined, whatever its type says. */
// JSON.stringify's lib type says string, but it returns undefined for undefined and functions.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
const show = (value: unknown): string => (JSON.stringify(value) as string | undefined) ?? 'undefined';

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 128;

/**
 * Validates per-message feedback and returns it normalised (reason trimmed, empty reason
 * dropped). Throws `AttuneError` `input/invalid` listing every problem with its path.
 *
 * @example
 * validateFeedback({ messageId: 'a7', value: 'down', reason: 'Did not answer my question' })
 */
export function validateFeedback(input: unknown): Feedback {
  const details: AttuneErrorDetail[] = [];
  const value = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
  if (!value) throw validationError('input/invalid', 'Invalid feedback', [{ path: '', message: 'expected an object' }]);
  if (!isId(value.messageId)) details.push({ path: 'messageId', message: 'must be a message id (1–128 characters)' });
  if (value.value !== 'up' && value.value !== 'down' && value.value !== null)
    details.push({ path: 'value', message: `must be "up", "down" or null, got ${show(value.value)}` });
  const reason = value.reason;
  if (reason !== undefined && typeof reason !== 'string') details.push({ path: 'reason', message: 'must be a string' });
  else if (typeof reason === 'string' && reason.trim().length > FEEDBACK_REASON_MAX)
    details.push({ path: 'reason', message: `must be at most ${String(FEEDBACK_REASON_MAX)} characters` });
  else if (typeof reason === 'string' && value.value === null && reason.trim()) details.push({ path: 'reason', message: 'cannot go with a cleared value' });
  if (details.length > 0) throw validationError('input/invalid', 'Invalid feedback', details);
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  return { messageId: value.messageId as string, value: value.value as FeedbackValue | null, ...(trimmed ? { reason: trimmed } : {}) };
}

/**
 * Validates a `feedback` wire event (a JSON string or a parsed value), e.g. on a server.
 * Throws `protocol/version` for another protocol version and `protocol/invalid` with
 * `details` for anything malformed — the same contract as `parseClientEvent`.
 */
export function parseFeedbackEvent(json: unknown): FeedbackEvent {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (cause) {
      throw new AttuneError('protocol/invalid', 'Invalid client event: not JSON', { cause });
    }
  }
  const fail = (path: string, message: string, code: 'protocol/invalid' | 'protocol/version' = 'protocol/invalid'): never => {
    throw new AttuneError(code, `Invalid client event: ${path}: ${message}`, { details: [{ path, message }] });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('', 'expected an object');
  const event = value as Record<string, unknown>;
  if (event.v !== PROTOCOL_VERSION) fail('v', `expected protocol version ${String(PROTOCOL_VERSION)}, got ${show(event.v)}`, 'protocol/version');
  if (event.type !== 'feedback') fail('type', `expected "feedback", got ${show(event.type)}`);
  if (!isId(event.id)) fail('id', event.id === undefined ? 'is required' : 'has the wrong type');
  if (event.at !== undefined && !(typeof event.at === 'number' && Number.isFinite(event.at))) fail('at', 'has the wrong type');
  let feedback: Feedback;
  try {
    feedback = validateFeedback(event);
  } catch (error) {
    const detail = error instanceof AttuneError ? error.details[0] : undefined;
    return fail(detail?.path ?? '', detail?.message ?? 'is invalid');
  }
  return { v: 1, type: 'feedback', id: event.id as string, ...feedback, ...(typeof event.at === 'number' ? { at: event.at } : {}) };
}
