import { AttuneError } from '../errors.js';
import type { Transport, TransportContext } from '../conversation.types.js';
import { deliver, endpoint, keepConnected, type ReconnectOptions } from '../internal/reconnect.js';

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
}

const OPEN = 1;

/**
 * Talks to a server over one WebSocket per conversation: the same JSON events as the
 * HTTP transport, one per frame, reconnecting with backoff and `?since=` the last `seq`.
 *
 * @example
 * import { WebSocket } from 'ws'; // Node 20 only; browsers have a global one
 * createConversation({ transport: webSocketTransport({ url: 'http://127.0.0.1:8787', WebSocket }) });
 */
export function webSocketTransport(options: WebSocketTransportOptions): Transport {
  let socket: WebSocketLike | undefined;

  const once = (ctx: TransportContext, signal: AbortSignal, open: () => void): Promise<void> =>
    new Promise((resolve, reject) => {
      const Impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!Impl) throw new AttuneError('transport/unreachable', 'No WebSocket implementation: pass webSocketTransport({ WebSocket })');
      const url = `${endpoint(options.url, ctx.conversationId, 'ws')}?since=${ctx.lastSeq()}`.replace(/^http/, 'ws');
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
        if (error) reject(error);
        else resolve();
      };
      const onAbort = (): void => done();
      signal.addEventListener('abort', onAbort);
      ws.onopen = () => open();
      ws.onmessage = (event) => deliver(ctx, typeof event.data === 'string' ? event.data : new TextDecoder().decode(event.data as ArrayBuffer));
      ws.onerror = () => done(new AttuneError('transport/unreachable', 'The WebSocket failed', { retryable: true }));
      ws.onclose = (event) => done(new AttuneError('transport/closed', `The WebSocket closed (${event.code ?? 'no code'})`, { retryable: true }));
    });

  return {
    connect(ctx) {
      void keepConnected(ctx, options.reconnect ?? {}, (signal, open) => once(ctx, signal, open));
    },
    async send(event) {
      if (!socket || socket.readyState !== OPEN) throw new AttuneError('transport/unreachable', 'The WebSocket is not open', { retryable: true });
      socket.send(JSON.stringify(event));
    },
  };
}
