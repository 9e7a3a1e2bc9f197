import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): a seed replays a schedule. */
export function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Probabilities (0–1) of what happens to each server event on its way to the client. */
export interface EventFaults {
  /** The stream pauses before this event (up to `maxDelayMs`), keeping order. */
  delay: number;
  maxDelayMs: number;
  /** A recent event (this one or an older, possibly stale version) is sent again after this one. */
  duplicate: number;
  /** The event is held back and sent after the next one to three events. */
  reorder: number;
  /** Half of the event is written, then the connection is cut. */
  cutMidEvent: number;
}

/** Probabilities of what happens to a client POST. */
export interface PostFaults {
  /** The connection is cut before the request reaches the server. */
  cutBefore: number;
  /** The server handles the request, but the connection is cut before the client gets the answer. */
  cutAfter: number;
}

export interface FaultCounters {
  events: number;
  delayed: number;
  duplicated: number;
  reordered: number;
  cutMidEvent: number;
  posts: number;
  postsCutBefore: number;
  postsCutAfter: number;
  drops: number;
  refused: number;
}

export interface FaultProxy {
  /** Base URL clients use instead of the server's. */
  readonly url: string;
  readonly counters: FaultCounters;
  /** Points the proxy at another server (e.g. one restarted on a new port). */
  retarget(url: string): void;
  setEventFaults(faults: Partial<EventFaults>): void;
  setPostFaults(faults: Partial<PostFaults>): void;
  /** No faults from now on (connections in progress keep flowing). */
  heal(): void;
  /** Cuts every open client connection: streams, sockets, requests in flight. */
  drop(): void;
  /** While offline, every new connection is cut at once (a network that is down). */
  setOffline(offline: boolean): void;
  close(): Promise<void>;
}

/**
 * Whether an SSE frame is an event of the conversation's log (faults apply) rather than a
 * comment, heartbeat or the `epoch` frame the server writes first on every connection: that
 * one is the connection's handshake, not a log event a network could repeat or reorder.
 */
const isLogEvent = (frame: string): boolean => /^(id|data):/m.test(frame) && !/^event: epoch$/m.test(frame);

const NO_EVENT_FAULTS: EventFaults = { delay: 0, maxDelayMs: 0, duplicate: 0, reorder: 0, cutMidEvent: 0 };
const NO_POST_FAULTS: PostFaults = { cutBefore: 0, cutAfter: 0 };

/**
 * The faulty path a server event takes to the client: one per client connection. Events
 * go out in order through a serial queue that may pause, repeat, swap or cut them.
 */
function eventPipe(write: (frame: string) => void, cut: () => void, faults: () => EventFaults, random: () => number, counters: FaultCounters) {
  let chain = Promise.resolve();
  let held: string | undefined;
  let heldFor = 0;
  let heldTimer: ReturnType<typeof setTimeout> | undefined;
  let dead = false;
  const recent: string[] = [];
  const out = (frame: string): void => {
    if (!dead) write(frame);
  };
  const release = (): void => {
    clearTimeout(heldTimer);
    if (held === undefined) return;
    const frame = held;
    held = undefined;
    out(frame);
  };
  return {
    /** `event` false: a comment or heartbeat, passed through untouched. */
    push(frame: string, event: boolean): void {
      chain = chain.then(async () => {
        if (dead) return;
        if (!event) return out(frame);
        counters.events++;
        const f = faults();
        if (random() < f.delay) {
          counters.delayed++;
          await sleep(Math.floor(random() * f.maxDelayMs));
          if (dead) return;
        }
        if (random() < f.cutMidEvent) {
          counters.cutMidEvent++;
          write(frame.slice(0, Math.max(1, Math.floor(frame.length / 2))));
          dead = true;
          cut();
          return;
        }
        recent.push(frame);
        if (recent.length > 6) recent.shift();
        if (held === undefined && random() < f.reorder) {
          counters.reordered++;
          held = frame;
          heldFor = 1 + Math.floor(random() * 3);
          // Nothing may follow for a while: the held event then goes out on its own.
          heldTimer = setTimeout(release, 40);
          return;
        }
        out(frame);
        if (--heldFor <= 0) release();
        if (random() < f.duplicate) {
          counters.duplicated++;
          out(recent[Math.floor(random() * recent.length)]!);
        }
      });
    },
    close(): void {
      dead = true;
      clearTimeout(heldTimer);
      held = undefined;
    },
  };
}

/**
 * A loopback proxy between an Attune client and a real, unmodified server that injects
 * network faults: it forwards `POST …/events` (optionally cutting the connection before
 * or after the server handled it), re-frames the SSE stream and WebSocket frames event
 * by event (delaying, duplicating, reordering, cutting mid-event), and can drop every
 * connection or refuse new ones.
 *
 * @example
 * const proxy = await startFaultProxy({ target: server.url, random: seeded(42) });
 * createConversation({ storage: clientStorage, transport: httpTransport({ url: proxy.url }) });
 */
export async function startFaultProxy(options: { target: string; random?: () => number }): Promise<FaultProxy> {
  let target = new URL(options.target);
  const random = options.random ?? Math.random;
  let eventFaults = { ...NO_EVENT_FAULTS };
  let postFaults = { ...NO_POST_FAULTS };
  let offline = false;
  const counters: FaultCounters = {
    events: 0,
    delayed: 0,
    duplicated: 0,
    reordered: 0,
    cutMidEvent: 0,
    posts: 0,
    postsCutBefore: 0,
    postsCutAfter: 0,
    drops: 0,
    refused: 0,
  };
  const sockets = new Set<Socket>();
  const closers = new Set<() => void>();

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, onResponse: (upstream: IncomingMessage) => void): void => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent: false },
      onResponse,
    );
    upstream.on('error', () => {
      // The server is down (restarting): the client sees what a gateway would say.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'proxy/upstream', message: 'The server is unreachable' } }));
      } else res.destroy();
    });
    res.on('close', () => upstream.destroy());
    upstream.end(body);
  };

  const post = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      counters.posts++;
      if (random() < postFaults.cutBefore) {
        counters.postsCutBefore++;
        return void req.socket.destroy();
      }
      const cutAfter = random() < postFaults.cutAfter;
      forward(req, res, Buffer.concat(chunks), (upstream) => {
        const body: Buffer[] = [];
        upstream.on('data', (chunk: Buffer) => body.push(chunk));
        upstream.on('end', () => {
          if (cutAfter) {
            counters.postsCutAfter++;
            return void req.socket.destroy();
          }
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          res.end(Buffer.concat(body));
        });
        upstream.on('error', () => res.destroy());
      });
    });
  };

  const stream = (req: IncomingMessage, res: ServerResponse): void => {
    forward(req, res, undefined, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      if (upstream.statusCode !== 200) return void upstream.pipe(res);
      const kill = (): void => {
        pipe.close();
        res.destroy();
        upstream.destroy();
      };
      const pipe = eventPipe(
        (frame) => res.write(frame),
        kill,
        () => eventFaults,
        random,
        counters,
      );
      closers.add(kill);
      res.on('close', () => {
        closers.delete(kill);
        kill();
      });
      let buffer = '';
      upstream.setEncoding('utf8');
      upstream.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        // The reference server ends every event and comment with a blank line (LF only).
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 2);
          pipe.push(frame, isLogEvent(frame));
        }
      });
      upstream.on('end', kill);
      upstream.on('error', kill);
    });
  };

  const server = createServer((req, res) => {
    if (req.method === 'POST') return post(req, res);
    if (req.method === 'GET' && /\/stream(\?|$)/.test(req.url ?? '')) return stream(req, res);
    forward(req, res, undefined, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    });
  });
  server.on('connection', (socket) => {
    if (offline) {
      counters.refused++;
      return void socket.destroy();
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      const upstream = new WebSocket(`ws://${target.host}${req.url ?? '/'}`);
      const waiting: string[] = [];
      const kill = (): void => {
        pipe.close();
        closers.delete(kill);
        client.terminate();
        upstream.terminate();
      };
      const pipe = eventPipe(
        (frame) => client.readyState === WebSocket.OPEN && client.send(frame),
        kill,
        () => eventFaults,
        random,
        counters,
      );
      closers.add(kill);
      upstream.on('open', () => {
        for (const frame of waiting.splice(0)) upstream.send(frame);
      });
      upstream.on('message', (data) => {
        const frame = (data as Buffer).toString();
        pipe.push(frame, !frame.startsWith('{"v":1,"type":"epoch"'));
      });
      client.on('message', (data) => {
        const frame = (data as Buffer).toString();
        if (upstream.readyState === WebSocket.OPEN) upstream.send(frame);
        else waiting.push(frame);
      });
      for (const ws of [client, upstream]) {
        ws.on('close', kill);
        ws.on('error', kill);
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const drop = (): void => {
    counters.drops++;
    for (const close of [...closers]) close();
    for (const socket of sockets) socket.destroy();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    counters,
    retarget(url) {
      target = new URL(url);
    },
    setEventFaults(faults) {
      eventFaults = { ...eventFaults, ...faults };
    },
    setPostFaults(faults) {
      postFaults = { ...postFaults, ...faults };
    },
    heal() {
      eventFaults = { ...NO_EVENT_FAULTS };
      postFaults = { ...NO_POST_FAULTS };
    },
    drop,
    setOffline(value) {
      offline = value;
      if (value) drop();
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      drop();
      wss.close();
      await closed;
    },
  };
}
