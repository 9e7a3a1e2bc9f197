import pg from 'pg';
import type { Bus, BusMessage } from './types.js';

/**
 * A Bus between server processes over PostgreSQL `LISTEN/NOTIFY`.
 *
 * What crosses it is small: `appended` wake-ups carry only `{conversation, seq}` (the
 * listeners re-read the rows), and the transient `typing`, `stop` and streamed `delta`
 * events. Deltas are merged per streamed message for `deltaWindowMs` (default 50 ms) before
 * one NOTIFY goes out, so a reply streamed token by token costs ~20 NOTIFYs a second, not
 * one per token; a merged delta longer than 1,000 UTF-16 units is split so every payload
 * stays far below PostgreSQL's 8,000-byte limit.
 *
 * Limits, and when Redis pub/sub is the better bus: every NOTIFY is written to a queue
 * shared by the whole database and delivered to every listening process, and NOTIFYs are
 * serialised at COMMIT. Up to a few thousand NOTIFYs a second across the cluster this is
 * invisible; past that (many concurrent streamed replies, or many processes — each process
 * receives every conversation's traffic and filters it), move the transient events to Redis
 * pub/sub (per-conversation channels, no commit serialisation, no shared queue that one
 * slow listener can fill) and keep PostgreSQL for what must be durable. The `Bus`
 * interface is all a Redis bus has to implement.
 *
 * The listener connection reconnects with backoff. Anything published while it was away
 * is lost to it, so after it is back every subscribed conversation gets
 * `{ type: 'appended', seq: 0 }`: "re-read from where you are". Subscribers read rows by
 * their own last seq and dedupe by seq, so a spurious wake-up costs one empty read.
 */
export interface PostgresBusOptions {
  connectionString: string;
  /** The store's schema: the channel is `<schema>_bus`, so two deployments in one database stay apart. Default `attune`. */
  schema?: string | undefined;
  /**
   * The PostgreSQL store already sends `appended` wake-ups inside each append's transaction
   * (its `notify` option, on by default), so `publish` skips them. Set false for a store that
   * does not. Default true.
   */
  appendedFromStore?: boolean | undefined;
  /** How long deltas of one streamed message are merged into one NOTIFY. Default 50 ms. */
  deltaWindowMs?: number | undefined;
  /** Reconnect backoff of the listener, ms. Default 100 → 5,000, doubled per failure with jitter. */
  reconnect?: { min: number; max: number } | undefined;
  /** Told about listener losses and reconnects (for logs). */
  onEvent?: ((event: { type: 'lost' | 'reconnected'; error?: unknown }) => void) | undefined;
}

export interface PostgresBus extends Bus {
  /** True while the listener connection is up and listening. */
  readonly listening: boolean;
}

const MAX_CHUNK = 1000;

/** The channel wake-ups travel on; also used by the store's in-transaction NOTIFY. */
export function channelFor(schema: string): string {
  return `${schema}_bus`;
}

/** The payload of an `appended` wake-up, shared with the store's in-transaction NOTIFY. */
export function encodeWakeup(conversationId: string, seq: number): string {
  return JSON.stringify({ t: 'a', c: conversationId, s: seq });
}

function encode(message: BusMessage): string {
  switch (message.type) {
    case 'appended':
      return encodeWakeup(message.conversationId, message.seq);
    case 'delta':
      return JSON.stringify({ t: 'd', c: message.conversationId, i: message.id, o: message.offset, x: message.text });
    case 'typing':
      return JSON.stringify({ t: 'y', c: message.conversationId, on: message.on });
    case 'stop':
      return JSON.stringify({ t: 's', c: message.conversationId, i: message.id });
  }
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 300;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Anyone who can connect to the database can NOTIFY: payloads are validated like client input. */
export function decode(payload: string | undefined): BusMessage | undefined {
  if (payload === undefined || payload.length > 8000) return undefined;
  let p: unknown;
  try {
    p = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof p !== 'object' || p === null) return undefined;
  const r = p as Record<string, unknown>;
  if (!isStr(r.c)) return undefined;
  if (r.t === 'a' && isCount(r.s)) return { type: 'appended', conversationId: r.c, seq: r.s };
  if (r.t === 'd' && isStr(r.i) && isCount(r.o) && typeof r.x === 'string') return { type: 'delta', conversationId: r.c, id: r.i, offset: r.o, text: r.x };
  if (r.t === 'y' && typeof r.on === 'boolean') return { type: 'typing', conversationId: r.c, on: r.on };
  if (r.t === 's' && isStr(r.i)) return { type: 'stop', conversationId: r.c, id: r.i };
  return undefined;
}

/** Splits text into pieces of at most `max` UTF-16 units without cutting a surrogate pair. */
export function splitText(text: string, max = MAX_CHUNK): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + max, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

type Delta = Extract<BusMessage, { type: 'delta' }>;

export async function createPostgresBus(options: PostgresBusOptions): Promise<PostgresBus> {
  const schema = options.schema ?? 'attune';
  const channel = channelFor(schema);
  const appendedFromStore = options.appendedFromStore ?? true;
  const window = options.deltaWindowMs ?? 50;
  const backoff = options.reconnect ?? { min: 100, max: 5000 };
  const handlers = new Map<string, Set<(message: BusMessage) => void>>();
  // One connection for publishing keeps this process's NOTIFYs in the order they were published.
  const publisher = new pg.Pool({ connectionString: options.connectionString, max: 1, application_name: 'attune-bus-publisher' });
  publisher.on('error', () => undefined);
  const pending = new Map<string, Delta>();
  let flushTimer: NodeJS.Timeout | undefined;
  let listener: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const deliver = (message: BusMessage): void => {
    const set = handlers.get(message.conversationId);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(message);
      } catch {
        // one subscriber's failure must not starve the others
      }
    }
  };

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: 'attune-bus-listener' });
    const lost = (error?: unknown): void => {
      if (listener !== client) return;
      listener = undefined;
      listening = false;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (closed) return;
      options.onEvent?.({ type: 'lost', error });
      scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => {
      lost();
    });
    client.on('notification', (n) => {
      if (n.channel !== channel) return;
      const message = decode(n.payload);
      if (message) deliver(message);
    });
    listener = client;
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    listening = true;
  }

  function scheduleReconnect(): void {
    const delay = Math.min(backoff.max, backoff.min * 2 ** failures) * (0.5 + Math.random() / 2);
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      listen().then(
        () => {
          failures = 0;
          options.onEvent?.({ type: 'reconnected' });
          // Deaf while away: every subscriber re-reads from its own last seq.
          for (const conversationId of handlers.keys()) deliver({ type: 'appended', conversationId, seq: 0 });
        },
        () => {
          if (listener) {
            const dead = listener;
            listener = undefined;
            void dead.end().catch(() => undefined);
          }
          if (!closed) scheduleReconnect();
        },
      );
    }, delay);
    retryTimer.unref();
  }

  async function notify(payload: string): Promise<void> {
    await publisher.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async function flushDelta(key: string): Promise<void> {
    const delta = pending.get(key);
    if (!delta) return;
    pending.delete(key);
    let offset = delta.offset;
    for (const text of splitText(delta.text)) {
      await notify(encode({ ...delta, offset, text }));
      offset += text.length;
    }
  }

  // Deltas are transient (the final text is stored): a failed flush drops them; clients
  // catch up from the stored final text.
  const flushAll = (conversationId?: string): Promise<void> =>
    Promise.all(
      [...pending.keys()]
        .filter((key) => conversationId === undefined || pending.get(key)?.conversationId === conversationId)
        .map((key) => flushDelta(key).catch(() => undefined)),
    ).then(() => undefined);

  try {
    await listen();
  } catch (error) {
    await listener?.end().catch(() => undefined);
    await publisher.end();
    throw error;
  }

  return {
    get listening() {
      return listening;
    },

    async publish(message) {
      if (closed) return;
      if (message.type === 'delta') {
        const key = `${message.conversationId}\u0000${message.id}`;
        const open = pending.get(key);
        if (open && open.offset + open.text.length === message.offset) open.text += message.text;
        else {
          if (open) await flushDelta(key).catch(() => undefined);
          pending.set(key, { ...message });
        }
        flushTimer ??= setTimeout(() => {
          flushTimer = undefined;
          void flushAll();
        }, window);
        return;
      }
      if (message.type === 'appended' && appendedFromStore) return;
      // Whatever follows a stream's deltas (its stop, a typing change) must not overtake them.
      await flushAll(message.conversationId);
      await notify(encode(message));
    },

    subscribe(conversationId, handler) {
      let set = handlers.get(conversationId);
      if (!set) handlers.set(conversationId, (set = new Set()));
      set.add(handler);
      return () => {
        const current = handlers.get(conversationId);
        current?.delete(handler);
        if (current?.size === 0) handlers.delete(conversationId);
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      if (retryTimer) clearTimeout(retryTimer);
      await flushAll();
      handlers.clear();
      const client = listener;
      listener = undefined;
      listening = false;
      await Promise.all([client?.end().catch(() => undefined), publisher.end()]);
    },
  };
}
