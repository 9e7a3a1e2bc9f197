import { AttuneError, isAttuneError } from '../errors.js';
import type { TransportContext } from '../conversation.types.js';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';

/** How a server transport reconnects after losing its connection. */
export interface ReconnectOptions extends BackoffOptions {
  /** Failed attempts in a row after which the status is `offline` rather than `reconnecting` (default 4). */
  offlineAfter?: number;
}

const browserOffline = (): boolean => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;

/**
 * Keeps one connection alive until `ctx.signal` aborts. `connectOnce` resolves or
 * rejects when its connection is lost (error and close are treated alike) and calls
 * `open` once it is usable; each attempt gets its own signal, aborted afterwards.
 */
export async function keepConnected(
  ctx: TransportContext,
  options: ReconnectOptions,
  connectOnce: (signal: AbortSignal, open: () => void) => Promise<void>,
): Promise<void> {
  let failures = 0;
  // The browser's offline/online events: a connection can look alive long after the
  // network went away, so going offline cuts it, and coming back retries at once.
  let cut = (): void => {};
  const onChange = (): void => cut();
  const win = globalThis as {
    addEventListener?: (type: string, listener: () => void) => void;
    removeEventListener?: (type: string, listener: () => void) => void;
  };
  for (const type of ['offline', 'online']) win.addEventListener?.(type, onChange);
  ctx.signal.addEventListener('abort', () => ['offline', 'online'].forEach((type) => win.removeEventListener?.(type, onChange)), { once: true });
  while (!ctx.signal.aborted) {
    const attempt = new AbortController();
    const stop = (): void => attempt.abort();
    ctx.signal.addEventListener('abort', stop);
    cut = (): void => {
      if (browserOffline()) attempt.abort();
    };
    let error: AttuneError;
    try {
      await connectOnce(attempt.signal, () => {
        failures = 0;
        ctx.status('open');
      });
      error = new AttuneError('transport/closed', 'The connection closed', { retryable: true });
    } catch (cause) {
      error = isAttuneError(cause) ? cause : new AttuneError('transport/unreachable', 'Lost the connection to the server', { cause, retryable: true });
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      attempt.abort();
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborted while we awaited
    if (ctx.signal.aborted) return;
    failures++;
    ctx.status(failures >= (options.offlineAfter ?? 4) || browserOffline() ? 'offline' : 'reconnecting', error);
    const pause = new AbortController();
    const wake = (): void => pause.abort();
    ctx.signal.addEventListener('abort', wake);
    cut = (): void => {
      if (!browserOffline()) wake();
    };
    await sleep(backoffDelay(failures - 1, { baseMs: 250, maxMs: 10_000, ...options }), pause.signal);
    ctx.signal.removeEventListener('abort', wake);
  }
}

/** Joins the base URL and a conversation path. */
export const endpoint = (url: string, conversationId: string, path: string): string =>
  `${url.replace(/\/+$/, '')}/conversations/${encodeURIComponent(conversationId)}/${path}`;

/** Longest server event accepted (characters); a hostile server must not fill the page's memory. */
export const MAX_EVENT_CHARS = 1 << 20;

/** The coded error for an event over `MAX_EVENT_CHARS`. */
export const oversized = (): AttuneError => new AttuneError('protocol/invalid', `Invalid server event: larger than ${MAX_EVENT_CHARS} characters`);

/** Hands a raw JSON frame to the conversation, which validates it; bad JSON is reported, not thrown. */
export function deliver(ctx: TransportContext, data: string): void {
  if (data.length > MAX_EVENT_CHARS) return ctx.error(oversized());
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    return ctx.error(new AttuneError('protocol/invalid', 'Invalid server event: not JSON', { cause }));
  }
  ctx.receive(value as Parameters<TransportContext['receive']>[0]);
}
