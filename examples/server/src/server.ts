import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { AttuneError, isAttuneError, PROTOCOL_VERSION, type ClientEvent, type ServerEvent } from './core.js';
import { fileStore, memoryStore, type ConversationRecord, type ConversationStore } from './store.js';
import { CONSOLE_HTML, CONSOLE_JS } from './console.js';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimit } from './limits.js';
import { validateClientEvent } from './validate.js';
import { agentEvents, assist } from './assist.js';

/** A bot or rule that answers client events; its events are appended after the `ack`. */
export type ServerAgent = (event: ClientEvent, conversation: { id: string; events: readonly ServerEvent[] }) => ServerEvent[] | Promise<ServerEvent[]>;

export interface ServerOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Keep conversations as JSON files here (survives restarts); in memory when absent. */
  dataDir?: string | undefined;
  /** A custom store (wins over `dataDir`). */
  store?: ConversationStore;
  agent?: ServerAgent;
  /** Largest request body or WebSocket frame (bytes, default 64 KB). */
  maxBodyBytes?: number;
  /** SSE heartbeat and WebSocket ping interval (ms, default 15000). */
  heartbeatMs?: number;
  /** Client events per conversation (token bucket; default 20/s, bursts of 100); `false` turns it off. */
  rateLimit?: RateLimit | false;
  /** Longest customer `text`/`comment` accepted (characters, default 10000). */
  maxTextLength?: number;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  store: ConversationStore;
  /** The stored conversation (after pending writes). */
  conversation(id: string): Promise<ConversationRecord | undefined>;
  /** Counts since start: client events received, and how many of them were repeats. */
  stats(): { received: number; duplicates: number };
  /** Cuts every open connection (streams, sockets, in-flight requests), as a flaky network would. */
  dropConnections(): void;
  close(): Promise<void>;
}

interface Subscriber {
  send(event: ServerEvent): void;
}

interface Live {
  record: ConversationRecord;
  clientIds: Set<string>;
  subscribers: Set<Subscriber>;
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, last-event-id',
  'access-control-max-age': '600',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * Starts the reference server: the Attune wire protocol over SSE (`GET …/stream`) +
 * `POST …/events` and over WebSocket (`…/ws`), an agent console at `/console`, and
 * `GET /health`.
 *
 * @example
 * const server = await startServer({ port: 0, dataDir: './data' });
 * console.log(server.url);
 * await server.close();
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const store = options.store ?? (options.dataDir ? fileStore(options.dataDir) : memoryStore());
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const limiter = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const validate = (raw: unknown): ClientEvent => validateClientEvent(raw, { maxTextLength: options.maxTextLength ?? 10_000 });
  const live = new Map<string, Live>();
  const locks = new Map<string, Promise<unknown>>();
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  const stats = { received: 0, duplicates: 0 };

  /** Runs `work` after every earlier task of this conversation: one writer at a time, in order. */
  const locked = <T>(id: string, work: (conv: Live) => Promise<T>): Promise<T> => {
    const previous = locks.get(id) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(async () => work(await open(id)));
    const tail = next.catch(() => {});
    locks.set(id, tail);
    void tail.then(() => locks.get(id) === tail && locks.delete(id));
    return next;
  };

  const open = async (id: string): Promise<Live> => {
    let conv = live.get(id);
    if (!conv) {
      const now = Date.now();
      const record = (await store.load(id)) ?? { id, createdAt: now, updatedAt: now, events: [], clientIds: [] };
      conv = { record, clientIds: new Set(record.clientIds), subscribers: new Set() };
      live.set(id, conv);
    }
    return conv;
  };

  const lastSeq = (conv: Live): number => conv.record.events.at(-1)?.seq ?? 0;

  /** Appends events with the next seqs, stores them, then sends them to every listener. */
  const append = async (conv: Live, events: readonly ServerEvent[], clientId?: string): Promise<ServerEvent[]> => {
    let seq = lastSeq(conv);
    const stamped = events.map((e) => ({ ...e, v: PROTOCOL_VERSION, seq: ++seq }) as ServerEvent);
    const record: ConversationRecord = {
      ...conv.record,
      updatedAt: Date.now(),
      events: [...conv.record.events, ...stamped],
      clientIds: clientId ? [...conv.record.clientIds, clientId] : conv.record.clientIds,
    };
    // Stored first: an ack is only sent for what a restart would keep.
    await store.save(record);
    conv.record = record;
    if (clientId) conv.clientIds.add(clientId);
    for (const event of stamped) for (const sub of conv.subscribers) sub.send(event);
    return stamped;
  };

  const latest = <T extends ServerEvent['type']>(conv: Live, type: T, id: string): Extract<ServerEvent, { type: T }> | undefined =>
    [...conv.record.events].reverse().find((e) => e.type === type && 'id' in e && e.id === id) as Extract<ServerEvent, { type: T }> | undefined;

  /** What a client event changes in the log (before the agent answers). */
  const effects = (conv: Live, event: ClientEvent): ServerEvent[] => {
    const at = Date.now();
    switch (event.type) {
      case 'message':
        return [{ v: 1, type: 'text', id: event.id, from: 'customer', text: event.text, at: event.at ?? at, status: 'sent' }];
      case 'echo.confirm':
      case 'echo.correct': {
        const echo = latest(conv, 'echo', event.echoId);
        if (!echo) return [];
        const { seq: _seq, ...rest } = echo;
        return [event.type === 'echo.confirm' ? { ...rest, state: 'confirmed' } : { ...rest, state: 'corrected', correction: event.text }];
      }
      case 'choose': {
        const choice = latest(conv, 'choice', event.pickerId);
        if (!choice || choice.chosen || !choice.options.some((o) => o.id === event.optionId)) return [];
        const { seq: _seq, ...rest } = choice;
        return [{ ...rest, chosen: event.optionId }];
      }
      case 'csat': {
        const csat = event.csatId ? latest(conv, 'csat', event.csatId) : undefined;
        if (!csat) return [];
        const { seq: _seq, ...rest } = csat;
        return [{ ...rest, score: event.score, ...(event.comment ? { comment: event.comment } : {}) }];
      }
      case 'handoff.request':
        return [{ v: 1, type: 'handoff', id: `h_${event.id}`, at, state: 'requested', text: 'A person has been asked to join this conversation.', reason: 'requested' }];
      case 'end':
        return [{ v: 1, type: 'text', id: `end_${event.id}`, from: 'system', text: 'The conversation has ended.', at, status: 'sent' }];
      // v1.1: this server streams nothing, so there is nothing to stop; feedback is only acknowledged.
      case 'stop':
      case 'feedback':
        return [];
    }
  };

  /** Applies a client event once (by id), acks it, and lets the agent answer. */
  const handle = (conversationId: string, event: ClientEvent): Promise<{ duplicate: boolean; seq: number }> =>
    locked(conversationId, async (conv) => {
      stats.received++;
      if (conv.clientIds.has(event.id)) {
        stats.duplicates++;
        // Already stored: just confirm it again (the client missed the first ack).
        for (const sub of conv.subscribers) sub.send({ v: 1, type: 'ack', id: event.id });
        return { duplicate: true, seq: lastSeq(conv) };
      }
      await append(conv, [...effects(conv, event), { v: 1, type: 'ack', id: event.id }], event.id);
      if (options.agent) {
        const answer = await options.agent(event, { id: conversationId, events: conv.record.events });
        if (answer.length) await append(conv, answer);
      }
      return { duplicate: false, seq: lastSeq(conv) };
    });

  /** Replays everything after `since`, then keeps `subscriber` posted (atomically, so nothing falls in between). */
  const subscribe = (conversationId: string, since: number, subscriber: Subscriber): Promise<() => void> =>
    locked(conversationId, async (conv) => {
      for (const event of conv.record.events) if ((event.seq ?? 0) > since) subscriber.send(event);
      conv.subscribers.add(subscriber);
      return () => void conv.subscribers.delete(subscriber);
    });

  // --- HTTP ----------------------------------------------------------------------

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.headersSent) return void res.end();
    res.writeHead(status, { ...CORS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBody) return reject(new HttpError(413, 'body/too-large', `The body is larger than ${maxBody} bytes`));
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          reject(new HttpError(413, 'body/too-large', `The body is larger than ${maxBody} bytes`));
          req.resume();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const parseEvent = (raw: string): ClientEvent => {
    try {
      return validate(raw);
    } catch (error) {
      if (isAttuneError(error)) throw new HttpError(400, error.code, error.message, error.details);
      throw error;
    }
  };

  const sse = async (req: IncomingMessage, res: ServerResponse, conversationId: string, since: number): Promise<void> => {
    res.writeHead(200, { ...CORS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': attune\n\n');
    streams.add(res);
    const unsubscribe = await subscribe(conversationId, since, {
      send: (event) => {
        res.write(`${event.seq === undefined ? '' : `id: ${event.seq}\n`}data: ${JSON.stringify(event)}\n\n`);
      },
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
    if (res.destroyed) stop();
  };

  const sinceOf = (url: URL, req: IncomingMessage): number => {
    const raw = url.searchParams.get('since') ?? req.headers['last-event-id'] ?? '0';
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new HttpError(400, 'request/since', '`since` must be a whole number ≥ 0');
    return value;
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, CORS);
      return void res.end();
    }
    const conversationId = (index: number): string => {
      const id = decodeURIComponent(parts[index] ?? '');
      if (!ID.test(id)) throw new HttpError(400, 'conversation/id', 'Conversation ids are 1–128 letters, digits, _ or -');
      return id;
    };
    const only = (allowed: string): void => {
      if (method !== allowed) throw new HttpError(405, 'request/method', `Use ${allowed}`);
    };

    if (url.pathname === '/health') return json(res, 200, { ok: true, protocol: PROTOCOL_VERSION });
    if (url.pathname === '/' || url.pathname === '/console') {
      only('GET');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'", 'cache-control': 'no-store' });
      return void res.end(CONSOLE_HTML);
    }
    if (url.pathname === '/console.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(CONSOLE_JS);
    }
    if (parts[0] === 'conversations' && parts.length === 3) {
      const id = conversationId(1);
      if (parts[2] === 'events') {
        only('POST');
        const wait = limiter?.take(id) ?? 0;
        if (wait > 0) {
          // Refused before reading the body: a flood costs the server as little as possible.
          req.resume();
          res.writeHead(429, { ...CORS, 'content-type': 'application/json; charset=utf-8', 'retry-after': String(Math.ceil(wait / 1000)) });
          return void res.end(JSON.stringify({ error: { code: 'rate/limited', message: 'Too many events for this conversation; retry later', retryAfterMs: wait } }));
        }
        const event = parseEvent(await readBody(req));
        return json(res, 200, { ok: true, id: event.id, ...(await handle(id, event)) });
      }
      if (parts[2] === 'stream') {
        only('GET');
        return sse(req, res, id, sinceOf(url, req));
      }
    }
    if (parts[0] === 'agent' && parts[1] === 'conversations') {
      if (parts.length === 2) {
        only('GET');
        const list = await store.list();
        return json(res, 200, { conversations: list.sort((a, b) => b.updatedAt - a.updatedAt) });
      }
      if (parts.length === 4 && parts[3] === 'assist') {
        only('GET');
        const id = conversationId(2);
        const record = await locked(id, async (conv) => conv.record);
        return json(res, 200, assist(record.events));
      }
      if (parts.length === 4 && parts[3] === 'events') {
        only('POST');
        const id = conversationId(2);
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch (cause) {
          if (cause instanceof HttpError) throw cause;
          throw new HttpError(400, 'protocol/invalid', 'The body is not JSON');
        }
        const appended = await locked(id, (conv) => {
          let events: ServerEvent[];
          try {
            events = agentEvents(body, conv.record.events);
          } catch (error) {
            if (isAttuneError(error)) throw new HttpError(400, error.code, error.message, error.details);
            throw error;
          }
          return append(conv, events);
        });
        return json(res, 200, { ok: true, event: appended[0], events: appended });
      }
    }
    throw new HttpError(404, 'request/not-found', `Nothing at ${method} ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return json(res, error.status, { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
      json(res, 500, { error: { code: 'server/internal', message: 'Internal error' } });
      console.error(error);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  // --- WebSocket -----------------------------------------------------------------

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody });
  const alive = new WeakMap<WebSocket, boolean>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    const id = decodeURIComponent(parts[1] ?? '');
    const since = Number(url.searchParams.get('since') ?? 0);
    if (parts.length !== 3 || parts[0] !== 'conversations' || parts[2] !== 'ws' || !ID.test(id) || !Number.isInteger(since) || since < 0) {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      const send = (event: ServerEvent): void => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      };
      let unsubscribe: (() => void) | undefined;
      let closed = false;
      ws.on('close', () => {
        closed = true;
        unsubscribe?.();
      });
      ws.on('error', () => ws.terminate());
      void subscribe(id, since, { send }).then((off) => (closed ? off() : (unsubscribe = off)));
      ws.on('message', (data, isBinary) => {
        let event: ClientEvent;
        try {
          if (isBinary) throw new AttuneError('protocol/invalid', 'Frames must be text');
          event = validate(data.toString());
        } catch (error) {
          const e = isAttuneError(error) ? error : new AttuneError('protocol/invalid', 'Invalid frame');
          const rawId = (() => {
            try {
              return (JSON.parse(data.toString()) as { id?: unknown }).id;
            } catch {
              return undefined;
            }
          })();
          return send({ v: 1, type: 'error', code: e.code, message: e.message, ...(typeof rawId === 'string' ? { id: rawId } : {}) });
        }
        // Over the rate, frames wait their turn (in order) rather than being refused; a
        // socket that piles up too many is closed (1008, policy violation).
        const admitted = limiter ? limiter.acquire(id) : Promise.resolve();
        admitted.then(
          () => handle(id, event).catch(() => send({ v: 1, type: 'error', code: 'server/internal', message: 'Could not store the event' })),
          () => ws.close(1008, 'rate limit'),
        );
      });
    });
  });
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, heartbeatMs);
  pinger.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const dropConnections = (): void => {
    for (const ws of wss.clients) ws.terminate();
    for (const socket of sockets) socket.destroy();
  };

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    store,
    async conversation(id) {
      await locks.get(id);
      return store.load(id);
    },
    dropConnections,
    stats: () => ({ ...stats }),
    async close() {
      clearInterval(pinger);
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      dropConnections();
      for (const res of streams) res.destroy();
      wss.close();
      await closing;
      // Let in-flight writes land so a restart sees them.
      await Promise.all([...locks.values()]);
    },
  };
}
