import { AttuneError } from '../errors.js';
import type { Transport, TransportContext } from '../conversation.types.js';
import { deliver, endpoint, keepConnected, type ReconnectOptions } from '../internal/reconnect.js';
import { serverSessions } from '../internal/server-session.js';

/** The part of the WebSocket API this transport uses (browsers' and `ws`'s both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code?: number }) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WebSocketTransportOptions {
  /** Base URL (`http(s)://` is mapped to `ws(s)://`); the socket lives at `{url}/conversations/{id}/ws`. */
  url: string;
  /** A WebSocket implementation for runtimes without a global one (e.g. `ws` in Node 20). */
  WebSocket?: WebSocketConstructor;
  reconnect?: ReconnectOptions;
  /** A `fetch` for creating the conversation (`POST {url}/conversations`) where there is no global one. */
  fetch?: typeof fetch;
  /** An identity token your site mints for its logged-in user; sent when the conversation is created. */
  identity?: string | (() => string | Promise<string>);
}

const OPEN = 1;
/** Error codes with which the server refuses the conversation itself (not one event). */
const REFUSED = /^(auth\/|conversation\/not-found$|conversation\/id$)/;

/**
 * Talks to a server over one WebSocket per conversation: the same JSON events as the
 * HTTP transport, one per frame, reconnecting with backoff and `?since=` the last `seq`.
 * The conversation is created over HTTP (`POST {url}/conversations`) on first use; the
 * customer token goes in the first frame (`{"type":"auth","token":…}`), since browsers
 * cannot set headers on a WebSocket.
 *
 * @example
 * import { WebSocket } from 'ws'; // Node 20 only; browsers have a global one
 * createConversation({ transport: webSocketTransport({ url: 'http://127.0.0.1:8787', WebSocket }) });
 */
export function webSocketTransport(options: WebSocketTransportOptions): Transport {
  let socket: WebSocketLike | undefined;
  const fetchImpl = (input: string, init: RequestInit): Promise<Response> => {
    const f = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (!f) throw new AttuneError('transport/unreachable', 'No fetch implementation: pass webSocketTransport({ fetch })');
    return f(input, init);
  };
  const sessions = serverSessions({ url: options.url, fetch: fetchImpl, headers: () => ({}), identity: options.identity });

  const once = async (ctx: TransportContext, signal: AbortSignal, open: () => void): Promise<void> => {
    const session = await sessions.get(ctx);
    const shifted = sessions.shifted(ctx, session);
    let refused = false;
    return new Promise((resolve, reject) => {
      const Impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!Impl) throw new AttuneError('transport/unreachable', 'No WebSocket implementation: pass webSocketTransport({ WebSocket })');
      const since = Math.max(0, ctx.lastSeq() - session.base);
      const url = `${endpoint(options.url, session.id, 'ws')}?since=${since}`.replace(/^http/, 'ws');
      const ws = new Impl(url);
      socket = ws;
      const done = (error?: AttuneError): void => {
        signal.removeEventListener('abort', onAbort);
        ws.onopen = ws.onmessage = ws.onclose = null;
        // Some implementations (ws) report closing a connecting socket as an error event.
        ws.onerror = () => {};
        if (socket === ws) socket = undefined;
        try {
          ws.close();
        } catch {
          // Already closed.
        }
        const settle = (): void => (error ? reject(error) : resolve());
        if (refused) void sessions.refused(ctx, 401).then(settle, settle);
        else settle();
      };
      const onAbort = (): void => done();
      signal.addEventListener('abort', onAbort);
      ws.onopen = () => {
        ws.send(JSON.stringify({ type: 'auth', token: session.token, epoch: true }));
        open();
      };
      ws.onmessage = (event) => {
        const data = typeof event.data === 'string' ? event.data : new TextDecoder().decode(event.data as ArrayBuffer);
        // Frames about the connection itself are the transport's; everything else is the conversation's.
        if (data.startsWith('{"v":1,"type":"epoch"')) {
          if (data.includes('"reset":true')) void sessions.rebase(ctx);
          return;
        }
        if (data.startsWith('{"v":1,"type":"error"') && !data.includes('"id":')) {
          try {
            const frame = JSON.parse(data) as { code?: unknown };
            if (typeof frame.code === 'string' && REFUSED.test(frame.code)) refused = true;
          } catch {
            // Not JSON after all: the conversation reports it below.
          }
        }
        deliver(shifted, data);
      };
      ws.onerror = () => done(new AttuneError('transport/unreachable', 'The WebSocket failed', { retryable: true }));
      ws.onclose = (event) => done(new AttuneError('transport/closed', `The WebSocket closed (${event.code ?? 'no code'})`, { retryable: true }));
    });
  };

  return {
    connect(ctx) {
      void keepConnected(ctx, options.reconnect ?? {}, (signal, open) => once(ctx, signal, open));
    },
    async send(event) {
      if (socket?.readyState !== OPEN) throw new AttuneError('transport/unreachable', 'The WebSocket is not open', { retryable: true });
      socket.send(JSON.stringify(event));
    },
  };
}
