import { AttuneError, parseClientEvent, type ClientEvent } from '@attune/core';

export interface ClientEventLimits {
  /** Longest `text` or `comment` accepted, in characters (default 10000; the client's own default is 4000). */
  maxTextLength?: number;
  /** The server's clock (for tests). */
  now?: () => number;
}

/** Client-supplied times further ahead than this are replaced by the server's time. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Validates one client event the way the client validates server events
 * (`parseClientEvent`: `protocol/invalid`, `protocol/version`), then applies the
 * server's own limits: text fields over `maxTextLength` are refused with
 * `input/too-long`, and an `at` in the future is replaced by the server's time. Never
 * returns the input object itself, so nothing the client sent beyond the known fields
 * (e.g. a `__proto__` key) travels further.
 *
 * @example
 * const event = validateClientEvent(await readBody(req));
 */
export function validateClientEvent(raw: unknown, limits: ClientEventLimits = {}): ClientEvent {
  const event = parseClientEvent(raw);
  const max = limits.maxTextLength ?? 10_000;
  for (const field of ['text', 'comment'] as const) {
    const value = (event as Partial<Record<typeof field, unknown>>)[field];
    if (typeof value === 'string' && value.length > max) {
      throw new AttuneError('input/too-long', `Invalid client event: ${field}: is ${value.length} characters long; the limit is ${max}`, {
        details: [{ path: field, message: `is longer than ${max} characters` }],
      });
    }
  }
  const copy = { ...event } as ClientEvent & { at?: number };
  const now = (limits.now ?? Date.now)();
  if (copy.type === 'message' && copy.at !== undefined && (copy.at > now + CLOCK_SKEW_MS || copy.at < 0)) copy.at = now;
  return copy;
}
