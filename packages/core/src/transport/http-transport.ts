import { AttuneError } from '../errors.js';
import type { Transport, TransportContext } from '../conversation.types.js';
import { deliver, endpoint, keepConnected, MAX_EVENT_CHARS, oversized, type ReconnectOptions } from '../internal/reconnect.js';
import { isRefusal, serverSessions } from '../internal/server-session.js';
import { createSseParser } from './sse-parser.js';

export interface HttpTransportOptions {
  /** Base URL of a server speaking the Attune wire protocol, e.g. `https://support.example.com/attune`. */
  url: string;
  /** A `fetch` for runtimes without a global one (or to add auth, logging…). */
  fetch?: typeof fetch;
  /** Extra request headers (e.g. `Authorization`), or a function returning them per request. */
  headers?: Record<string, string> | (() => Record<string, string>);
  reconnect?: ReconnectOptions;
  /** Reconnect when the stream is silent this long (ms, default 45000; the reference server sends a heartbeat every 15 s). */
  idleTimeoutMs?: number;
  /** Give up on one POST after this long (ms, default 15000); the outbox retries it. */
  sendTimeoutMs?: number;
  /** An identity token your site mints for its logged-in user (see the server's docs); sent when the conversation is created. */
  identity?: string | (() => string | Promise<string>);
}

/**
 * Talks to a server over HTTP: the first connect creates the conversation on the server
 * (`POST {url}/conversations` → its id and customer token, kept in the conversation's
 * storage), client events are POSTed to `{url}/conversations/{id}/events`, server events
 * stream from `{url}/conversations/{id}/stream?since={seq}` as Server-Sent Events read
 * through `fetch` (no `EventSource`), reconnecting with backoff from the last `seq` seen.
 * Every request carries `Authorization: Bearer <token>`. A 401/403/404 (the server forgot
 * the conversation) starts a new one and reports `transport/session`.
 *
 * @example
 * createConversation({ transport: httpTransport({ url: 'http://127.0.0.1:8787' }) });
 */
export function httpTransport(options: HttpTransportOptions): Transport {
  let context: TransportContext | undefined;
  const fetchImpl = (input: string, init: RequestInit): Promise<Response> => {
    const f = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (!f) throw new AttuneError('transport/unreachable', 'No fetch implementation: pass httpTransport({ fetch })');
    return f(input, init);
  };
  const headers = (): Record<string, string> => (typeof options.headers === 'function' ? options.headers() : { ...options.headers });
  const sessions = serverSessions({ url: options.url, fetch: fetchImpl, headers, identity: options.identity });

  const stream = async (ctx: TransportContext, signal: AbortSignal, open: () => void): Promise<void> => {
    const session = await sessions.get(ctx);
    const since = Math.max(0, ctx.lastSeq() - session.base);
    const res = await fetchImpl(`${endpoint(options.url, session.id, 'stream')}?since=${since}`, {
      headers: { ...headers(), authorization: `Bearer ${session.token}`, accept: 'text/event-stream' },
      cache: 'no-store',
      signal,
    });
    if (!res.ok || !res.body) {
      void res.body?.cancel().catch(() => {});
      if (isRefusal(res.status)) await sessions.refused(ctx, res.status);
      throw new AttuneError('transport/http', `The event stream answered HTTP ${res.status}`, { retryable: true });
    }
    open();
    const shifted = sessions.shifted(ctx, session);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const parser = createSseParser(
      (event) => {
        if (event.event === 'message') deliver(shifted, event.data);
        else if (event.event === 'epoch' && event.data.includes('"reset":true')) void sessions.rebase(ctx);
      },
      { max: MAX_EVENT_CHARS, onOversize: () => ctx.error(oversized()) },
    );
    let idle: ReturnType<typeof setTimeout> | undefined;
    try {
      for (;;) {
        clearTimeout(idle);
        idle = setTimeout(() => void reader.cancel().catch(() => {}), options.idleTimeoutMs ?? 45_000);
        const { done, value } = await reader.read();
        if (done) return;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearTimeout(idle);
    }
  };

  return {
    connect(ctx) {
      context = ctx;
      void keepConnected(ctx, options.reconnect ?? {}, (signal, open) => stream(ctx, signal, open));
    },
    async send(event, { signal } = {}) {
      const controller = new AbortController();
      const abort = (): void => controller.abort();
      signal?.addEventListener('abort', abort);
      const timer = setTimeout(abort, options.sendTimeoutMs ?? 15_000);
      let res: Response;
      try {
        if (!context) throw new AttuneError('transport/unreachable', 'Not connected yet', { retryable: true });
        const session = await sessions.get(context);
        res = await fetchImpl(endpoint(options.url, session.id, 'events'), {
          method: 'POST',
          headers: { ...headers(), authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(event),
          signal: controller.signal,
        });
      } catch (cause) {
        if (cause instanceof AttuneError) throw cause;
        throw new AttuneError('transport/unreachable', 'Could not reach the server', { cause, retryable: true });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      }
      const text = await res.text().catch(() => '');
      if (res.ok) return;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- `context` is reassigned while `fetch` was pending
      if (isRefusal(res.status) && context) {
        // The outbox retries this event into the new conversation.
        await sessions.refused(context, res.status);
        throw new AttuneError('transport/session', 'The conversation was restarted on the server', { retryable: true });
      }
      let message = `The server answered HTTP ${res.status}`;
      try {
        const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
        if (body.error?.message) message += `: ${body.error.code ?? ''} ${body.error.message}`;
      } catch {
        // A non-JSON error page: the status says enough.
      }
      // Client errors (a bad event) will never succeed; server errors and throttling may.
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new AttuneError('transport/http', message, { retryable });
    },
  };
}
