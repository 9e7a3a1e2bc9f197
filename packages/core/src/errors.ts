/**
 * Every failure Attune reports is an `AttuneError` with a stable `code`, so hosts can
 * branch on `error.code` instead of parsing messages.
 */
export type AttuneErrorCode =
  | 'options/count'
  | 'options/duplicate'
  | 'options/label'
  | 'flow/invalid'
  | 'flow/load'
  | 'flow/parse'
  | 'input/too-long'
  | 'input/empty'
  | 'input/invalid'
  | 'transport/unreachable'
  | 'transport/http'
  | 'transport/protocol'
  | 'transport/closed'
  | 'transport/session'
  | 'protocol/invalid'
  | 'protocol/version'
  | 'storage/unavailable'
  | 'storage/quota'
  | 'storage/corrupt'
  | 'conversation/disposed'
  | 'conversation/closed'
  | 'message/not-found'
  | 'message/not-failed'
  | 'echo/not-found'
  | 'echo/settled'
  | 'choice/not-found'
  | 'choice/option'
  | 'choice/already-chosen'
  | 'csat/score'
  | 'csat/not-found'
  | 'feedback/not-agent'
  | 'stream/interrupted'
  | 'paraphraser/failed'
  | 'paraphraser/timeout'
  /** A language model's endpoint answered with an HTTP error (server agents). */
  | 'model/http'
  /** A language model sent nothing for longer than its timeout. */
  | 'model/timeout'
  /** A language model's stream or tool call was malformed (bad JSON, wrong shape). */
  | 'model/invalid'
  /** A language model's stream, event or tool call passed its size bound. */
  | 'model/oversize'
  | 'config/invalid';

/** One problem found while validating input (a flow, options, a wire event). */
export interface AttuneErrorDetail {
  /** Where the problem is, written like `steps.refund.options[2].next`. */
  path: string;
  message: string;
}

export interface AttuneErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  details?: readonly AttuneErrorDetail[];
}

/**
 * The one error type of Attune.
 *
 * @example
 * try { conversation.send(text) } catch (e) {
 *   if (isAttuneError(e) && e.code === 'input/too-long') showLimit()
 * }
 */
export class AttuneError extends Error {
  override readonly name = 'AttuneError';
  readonly code: AttuneErrorCode;
  /** True when trying the same thing again later may succeed (network, server restarts). */
  readonly retryable: boolean;
  /** For validation errors: every problem with its path; each also appears in `message`. */
  readonly details: readonly AttuneErrorDetail[];
  override readonly cause: unknown;

  constructor(code: AttuneErrorCode, message: string, options: AttuneErrorOptions = {}) {
    super(message);
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? [];
    this.cause = options.cause;
  }

  /** A plain, JSON-safe copy (for storage, analytics or the wire). */
  toJSON(): { name: string; code: AttuneErrorCode; message: string; retryable: boolean; details: readonly AttuneErrorDetail[] } {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }
}

/** Type guard that also works across bundle copies (checks the shape, not the class). */
export function isAttuneError(value: unknown): value is AttuneError {
  return (
    value instanceof AttuneError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'AttuneError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}

/** Builds a validation error whose message lists every detail with its path. */
export function validationError(code: AttuneErrorCode, summary: string, details: readonly AttuneErrorDetail[]): AttuneError {
  const lines = details.map((d) => `  - ${d.path ? `${d.path}: ` : ''}${d.message}`);
  return new AttuneError(code, lines.length ? `${summary}\n${lines.join('\n')}` : summary, { details });
}
