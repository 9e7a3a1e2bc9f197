// The conversation service: applies client events once, runs the agent (whole or
// streamed replies), and fans stored and transient events out to every stream and socket
// through the bus (subscribe-then-replay, deduplicated by seq).
import { createHash } from 'node:crypto';
import { applyServerEvent, type ClientEvent, type Message, type ServerEvent } from '@attune/core';
import { detectAbuse } from '@attune/core/metrics';
import type { Bus, BusMessage } from './bus/types.js';
import { HttpError, StoreError } from './errors.js';
import { serialQueue } from './serial.js';
import type { AppendInput, ConversationMeta, ConversationStore, ListQuery } from './store/types.js';

/** What travels to a client: stored events (with seq) and transient ones (no seq). */
export type WireEvent = ServerEvent | { v: 1; type: 'delta'; id: string; offset: number; text: string } | { v: 1; type: 'typing'; on: boolean };

/** A client event, including the v1.1 additions this server understands. */
export type IncomingEvent = ClientEvent;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A server event as an agent writes it (the store stamps `seq`; `v` is optional). */
export type AgentEvent = DistributiveOmit<ServerEvent, 'seq' | 'v'> & { v?: 1 };

/**
 * One part of an agent's answer: a whole event, or a streamed text reply. A stream may
 * also yield whole events (e.g. an option picker a model asked for mid-reply): they are
 * stored after the reply's final text, in order.
 */
export type AgentOutput = AgentEvent | { stream: AsyncIterable<string | AgentEvent>; name?: string; tags?: readonly string[] };

/**
 * A bot that answers client events. Return stored events, or `{ stream }` (an async
 * iterable of text chunks) for a streamed reply; `signal` aborts when the customer stops it.
 */
export type ServerAgent = (
  event: ClientEvent,
  conversation: { id: string; events: readonly ServerEvent[]; signal: AbortSignal },
) => readonly AgentOutput[] | Promise<readonly AgentOutput[]>;

export interface Listener {
  /** Sends one event; false means "cut me off" (e.g. too many unsent bytes). */
  send(event: WireEvent): boolean;
  close(reason: string): void;
}

interface Subscription {
  listener: Listener;
  since: number;
  ready: boolean;
  pending: WireEvent[];
}

interface Hub {
  subs: Set<Subscription>;
  unsubscribe: () => void;
  chain: Promise<void>;
}

interface ActiveStream {
  text: string;
  /** How much of `text` went out as deltas: a cumulative delta stops here so later deltas continue it. */
  published: number;
  controller: AbortController;
}

/**
 * One conversation's log as this process last read it, folded by core's `applyServerEvent`
 * (the one fold clients use too): `handle()` reads only what other writers appended since,
 * never the whole log per event.
 */
interface Folded {
  epoch: string;
  lastSeq: number;
  /** The stored events (what an agent is given); bounded by `maxConversationBytes`. */
  events: ServerEvent[];
  messages: readonly Message[];
  /** Client event ids already acknowledged (answered and stored). */
  acked: Set<string>;
  bytes: number;
}

export interface ServiceOptions {
  store: ConversationStore;
  bus: Bus;
  agent?: ServerAgent | undefined;
  maxConversationBytes: number;
  /** How often coalesced deltas are published (ms). */
  deltaIntervalMs?: number;
  /** Told of every event stored and every state set by this process (webhooks); must not throw or wait. */
  observer?: ServiceObserver | undefined;
  /** Folded logs kept in memory, least recently used dropped first (bytes of stored JSON; default 64 MB). */
  foldCacheBytes?: number;
}

export interface ServiceObserver {
  appended(conversationId: string, event: ServerEvent): void;
  state(conversationId: string, state: ConversationMeta['state']): void;
}

const keyOf = (event: IncomingEvent): string => `c:${event.id}`;

export function createConversationService(options: ServiceOptions) {
  const { store, bus } = options;
  const hubs = new Map<string, Hub>();
  const streams = new Map<string, Map<string, ActiveStream>>();
  const running = new Set<Promise<unknown>>();
  const stats = { received: 0, duplicates: 0 };
  let draining = false;

  /** One writer per conversation in this process, in order. */
  const writers = serialQueue();
  const locked = writers.run;

  const meta = async (id: string): Promise<ConversationMeta> => {
    const found = await store.get(id);
    if (!found) throw new HttpError(404, 'conversation/not-found', 'No such conversation');
    return found;
  };

  const observe = (tell: (observer: ServiceObserver) => void): void => {
    if (!options.observer) return;
    try {
      tell(options.observer);
    } catch (error) {
      console.error('attune: an observer failed', error);
    }
  };

  const append = async (id: string, input: AppendInput): Promise<ServerEvent> => {
    const current = await meta(id);
    if (current.size > options.maxConversationBytes)
      throw new HttpError(413, 'conversation/too-large', 'This conversation has reached its size limit; start a new one');
    const { event, duplicate } = await store.append(id, input);
    const f = folds.get(id);
    if (f && !duplicate) fold(f, event);
    if (!duplicate) {
      await bus.publish({ type: 'appended', conversationId: id, seq: event.seq ?? 0 });
      observe((o) => o.appended(id, event));
    }
    return event;
  };

  // --- the folded logs -------------------------------------------------------------
  const folds = new Map<string, Folded>();
  const foldLimit = options.foldCacheBytes ?? 64 * 1024 * 1024;
  let foldBytes = 0;

  const drop = (id: string): void => {
    const f = folds.get(id);
    if (!f) return;
    folds.delete(id);
    foldBytes -= f.bytes;
  };

  /** Folds `event` if it is the next one (seq order; anything else is left to `catchUp`). */
  const fold = (f: Folded, event: ServerEvent): void => {
    if (event.seq !== f.lastSeq + 1) return;
    f.lastSeq = event.seq;
    f.events.push(event);
    f.messages = applyServerEvent(f.messages, event);
    if (event.type === 'ack') f.acked.add(event.id);
    const bytes = JSON.stringify(event).length;
    f.bytes += bytes;
    foldBytes += bytes;
  };

  const touch = (id: string, f: Folded): void => {
    folds.delete(id);
    folds.set(id, f);
    for (const [oldest] of folds) {
      if (foldBytes <= foldLimit || oldest === id) break;
      drop(oldest);
    }
  };

  /** The conversation's folded log, brought up to date with one read of what is new. */
  const catchUp = async (id: string): Promise<Folded> => {
    const current = await meta(id);
    let f = folds.get(id);
    // A reset or restored log (new epoch, or shorter than what we folded): fold it afresh.
    if (f && (f.epoch !== current.epoch || f.lastSeq > current.lastSeq)) {
      drop(id);
      f = undefined;
    }
    if (!f) {
      f = { epoch: current.epoch, lastSeq: 0, events: [], messages: [], acked: new Set(), bytes: 0 };
      folds.set(id, f);
    }
    if (f.lastSeq < current.lastSeq) for (const event of await store.read(id, f.lastSeq)) fold(f, event);
    touch(id, f);
    return f;
  };

  /** The latest version of the server message `id` of `kind`, as the event that stored it. */
  const latest = (f: Folded, kind: 'echo' | 'choice' | 'csat', id: string): DistributiveOmit<ServerEvent, 'seq' | 'v'> | undefined => {
    const message = f.messages.find((m) => m.id === id);
    if (message?.kind !== kind) return undefined;
    const { kind: type, seq: _seq, ...rest } = message;
    return { type, ...rest } as DistributiveOmit<ServerEvent, 'seq' | 'v'>;
  };

  /** What a client event changes in the log (before the agent answers). */
  const effects = (f: Folded, event: ClientEvent, name: string | undefined): Omit<ServerEvent, 'seq' | 'v'>[] => {
    const at = Date.now();
    switch (event.type) {
      case 'message': {
        // A customer id that names a server message would overwrite it on every client.
        const clash = f.messages.find((m) => m.id === event.id && !(m.kind === 'text' && m.from === 'customer'));
        if (clash) throw new HttpError(409, 'id/conflict', 'This id belongs to a message the customer did not write');
        // Teammate protection: abuse aimed at the team is marked, so the console blurs it and metrics count it.
        const line: Extract<ServerEvent, { type: 'text' }> = {
          v: 1,
          type: 'text',
          id: event.id,
          from: 'customer',
          text: event.text,
          at: event.at ?? at,
          status: 'sent',
          ...(name ? { name } : {}),
          ...(detectAbuse(event.text).abusive ? { flags: ['abuse'] } : {}),
        };
        const { v: _v, ...stored } = line;
        return [stored];
      }
      case 'echo.confirm':
      case 'echo.correct': {
        const echo = latest(f, 'echo', event.echoId);
        if (echo?.type !== 'echo') return [];
        return [event.type === 'echo.confirm' ? { ...echo, state: 'confirmed' } : { ...echo, state: 'corrected', correction: event.text }] as unknown as Omit<
          ServerEvent,
          'seq' | 'v'
        >[];
      }
      case 'choose': {
        const choice = latest(f, 'choice', event.pickerId);
        if (choice?.type !== 'choice' || choice.chosen !== undefined || !choice.options.some((o) => o.id === event.optionId)) return [];
        return [{ ...choice, chosen: event.optionId } as Omit<ServerEvent, 'seq' | 'v'>];
      }
      case 'csat': {
        const csat = event.csatId === undefined ? undefined : latest(f, 'csat', event.csatId);
        if (csat?.type !== 'csat') return [];
        return [{ ...csat, score: event.score, ...(event.comment ? { comment: event.comment } : {}) } as Omit<ServerEvent, 'seq' | 'v'>];
      }
      case 'handoff.request':
        return [
          {
            type: 'handoff',
            id: `h_${event.id}`,
            at,
            state: 'requested',
            text: 'A person has been asked to join this conversation.',
            reason: 'requested',
          } as Omit<ServerEvent, 'seq' | 'v'>,
        ];
      case 'end':
        return [
          { type: 'text', id: `end_${event.id}`, from: 'system', text: 'The conversation has ended.', at, status: 'sent' } as Omit<ServerEvent, 'seq' | 'v'>,
        ];
      case 'feedback': {
        // The rated line again, carrying the thumbs (`null` clears them): every tab, the
        // console and a reload see it. Only finished agent lines can be rated; anything
        // else is acked and changes nothing, like a choice of an unknown option.
        const line = f.messages.find((m) => m.id === event.messageId);
        if (line?.kind !== 'text' || line.from !== 'agent' || line.streaming === true) return [];
        const feedback = event.value === null ? null : { value: event.value, ...(event.reason ? { reason: event.reason } : {}) };
        if (JSON.stringify(line.feedback ?? null) === JSON.stringify(feedback)) return [];
        const { kind: _kind, seq: _seq, stopped, tags, ...rest } = line;
        // The fold reads a `stopped` tag into `stopped: true`; the stored line carries it as a tag again.
        const lineTags = stopped === true ? [...(tags ?? []), 'stopped'] : tags;
        return [{ type: 'text', ...rest, ...(lineTags?.length ? { tags: lineTags } : {}), feedback } as Omit<ServerEvent, 'seq' | 'v'>];
      }
      // `stop` is handled by the stream it names.
      case 'stop':
        return [];
    }
  };

  const publishDelta = (id: string, message: Extract<BusMessage, { type: 'delta' }>): void => {
    bus.publish(message).catch((error: unknown) => console.error(`attune: could not publish a delta of ${id}`, error));
  };

  /**
   * Opens a streamed reply: stores its seq'd start (the caller holds the conversation's lock,
   * so the start is stored before the ack — a process dying after the ack cannot lose the
   * reply: the client sees it open, and `failed` with a retry if it never ends).
   */
  const openStream = async (conversationId: string, key: string, name: string | undefined, controller: AbortController, tags: readonly string[] = []) => {
    // Derived from the key, not random: when the process streaming it dies, the client's retry
    // re-runs the agent on another process, and its final text must replace the same message.
    const id = `s_${createHash('sha256').update(`${conversationId}\u0000${key}`).digest('base64url').slice(0, 22)}`;
    const at = Date.now();
    // Tags (e.g. `apology`) ride on the start too, so analytics count the reply as it opens.
    const base = { type: 'text', id, from: 'agent', at, ...(name ? { name } : {}), ...(tags.length ? { tags: [...tags] } : {}) };
    await append(conversationId, { event: { ...base, text: '', status: 'streaming' } as Omit<ServerEvent, 'seq' | 'v'>, key: `${key}:start` });
    const active: ActiveStream = { text: '', published: 0, controller };
    let mine = streams.get(conversationId);
    if (!mine) streams.set(conversationId, (mine = new Map<string, ActiveStream>()));
    mine.set(id, active);
    return { id, base, active, mine, tags };
  };

  /** Streams an opened reply: coalesced transient deltas, then the seq'd final text. */
  const runStream = async (
    conversationId: string,
    source: AsyncIterable<string | AgentEvent>,
    key: string,
    controller: AbortController,
    opened: Awaited<ReturnType<typeof openStream>>,
  ): Promise<void> => {
    const { id, base, active, mine, tags } = opened;
    const flush = (): void => {
      if (active.text.length === active.published) return;
      publishDelta(conversationId, { type: 'delta', conversationId, id, offset: active.published, text: active.text.slice(active.published) });
      active.published = active.text.length;
    };
    const timer = setInterval(flush, options.deltaIntervalMs ?? 16);
    let failed = false;
    const after: AgentEvent[] = [];
    try {
      const iterator = source[Symbol.asyncIterator]();
      const aborted = new Promise<{ done: true; value: undefined }>((resolve) => {
        if (controller.signal.aborted) resolve({ done: true, value: undefined });
        controller.signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
      });
      for (;;) {
        const next = await Promise.race([iterator.next(), aborted]);
        if (next.done) break;
        if (typeof next.value === 'string') active.text += next.value;
        else after.push(next.value);
      }
      if (controller.signal.aborted) await iterator.return?.();
    } catch (error) {
      failed = true;
      console.error('attune: a streamed reply failed', error);
    } finally {
      clearInterval(timer);
      flush();
      mine.delete(id);
      if (mine.size === 0) streams.delete(conversationId);
    }
    const stopped = controller.signal.aborted;
    const finalTags = stopped ? [...tags.filter((t) => t !== 'stopped'), 'stopped'] : [...tags];
    const final = { ...base, text: active.text, status: failed ? 'failed' : 'sent', ...(finalTags.length ? { tags: finalTags } : {}) };
    await locked(conversationId, () => append(conversationId, { event: final as Omit<ServerEvent, 'seq' | 'v'>, key: `${key}:final` }));
    for (const [n, output] of after.entries()) {
      const { v: _v, ...event } = output;
      await locked(conversationId, () => append(conversationId, { event: event, key: `${key}:after:${n}` }));
    }
  };

  /** Stores the agent's answer to `event` (call under the conversation's lock), each part under its own key so a re-run stores nothing twice. */
  const answer = async (conversationId: string, event: ClientEvent, name: string | undefined): Promise<void> => {
    if (!options.agent) return;
    const controller = new AbortController();
    // A copy: the agent may keep it while the folded log grows.
    const events = (await catchUp(conversationId)).events.slice();
    const outputs = await options.agent(event, { id: conversationId, events, signal: controller.signal });
    let index = 0;
    for (const output of outputs) {
      const key = `s:r:${event.id}:${index++}`;
      if ('stream' in output) {
        const opened = await openStream(conversationId, key, output.name ?? name, controller, output.tags);
        const task = runStream(conversationId, output.stream, key, controller, opened).catch((error: unknown) => console.error('attune: stream', error));
        running.add(task);
        void task.finally(() => running.delete(task));
      } else {
        const { v: _v, ...event } = output;
        await append(conversationId, { event, key });
      }
    }
  };

  return {
    stats: () => ({ ...stats }),

    async create(id: string): Promise<ConversationMeta> {
      return store.create(id, Date.now());
    },

    meta,

    /** Applies a client event once (by id), acks it, and lets the agent answer. */
    async handle(conversationId: string, event: IncomingEvent, customerName?: string): Promise<{ duplicate: boolean; seq: number }> {
      if (draining) throw new HttpError(503, 'server/closing', 'The server is shutting down; try again');
      stats.received++;
      if (event.type === 'stop') {
        for (const active of [event.id].map((id) => streams.get(conversationId)?.get(id))) active?.controller.abort();
        await bus.publish({ type: 'stop', conversationId, id: event.id });
        const ack = await locked(conversationId, () =>
          append(conversationId, { event: { type: 'ack', id: event.id } as Omit<ServerEvent, 'seq' | 'v'>, key: `s:ack:${event.id}` }),
        );
        return { duplicate: false, seq: ack.seq ?? 0 };
      }
      // Order: the event's effect (key c:<id>), the agent's reply (s:r:<id>:<n>), then the
      // ack (s:ack:<id>). An ack therefore means the reply is stored too; when storing the
      // reply fails, the client gets no ack, retries, and the agent runs again.
      return locked(conversationId, async () => {
        const before = await catchUp(conversationId);
        if (before.acked.has(event.id)) {
          stats.duplicates++;
          return { duplicate: true, seq: before.lastSeq };
        }
        const [effect] = effects(before, event, customerName);
        if (effect) await append(conversationId, { event: effect, key: keyOf(event) });
        try {
          await answer(conversationId, event, undefined);
        } catch (error) {
          // A store failure propagates (no ack: the retry re-runs the agent); a bug in the agent does not hold the customer's message hostage.
          if (error instanceof StoreError || error instanceof HttpError) throw error;
          console.error('attune: the agent failed', error);
        }
        const ack = await append(conversationId, { event: { type: 'ack', id: event.id } as Omit<ServerEvent, 'seq' | 'v'>, key: `s:ack:${event.id}` });
        return { duplicate: false, seq: ack.seq ?? 0 };
      });
    },

    /** Subscribes `listener` from `since`: replay, then live (nothing falls in between). */
    async subscribe(conversationId: string, since: number, listener: Listener): Promise<() => void> {
      await meta(conversationId);
      let hub = hubs.get(conversationId);
      if (!hub) {
        const created: Hub = { subs: new Set(), unsubscribe: () => undefined, chain: Promise.resolve() };
        created.unsubscribe = bus.subscribe(conversationId, (message) => onBus(conversationId, created, message));
        hubs.set(conversationId, (hub = created));
      }
      const sub: Subscription = { listener, since, ready: false, pending: [] };
      hub.subs.add(sub);
      const current = hub;
      const unsubscribe = (): void => {
        current.subs.delete(sub);
        if (current.subs.size === 0 && hubs.get(conversationId) === current) {
          hubs.delete(conversationId);
          current.unsubscribe();
        }
      };
      current.chain = current.chain
        .then(async () => {
          const events = await store.read(conversationId, since);
          for (const event of events) if (!deliver(sub, event)) return;
          sub.ready = true;
          // A reconnect in the middle of a stream: one cumulative delta.
          for (const [id, active] of streams.get(conversationId) ?? [])
            if (active.published > 0) deliver(sub, { v: 1, type: 'delta', id, offset: 0, text: active.text.slice(0, active.published) });
          const pending = sub.pending;
          sub.pending = [];
          for (const event of pending) if (!deliver(sub, event)) return;
        })
        .catch((error: unknown) => {
          console.error('attune: replay failed', error);
          listener.close('replay failed');
        });
      return unsubscribe;
    },

    append: (id: string, input: AppendInput) => locked(id, () => append(id, input)),

    /** Append while already holding the conversation's lock (`locked`). */
    appendUnlocked: append,

    async setState(id: string, state: ConversationMeta['state']): Promise<void> {
      await store.setState(id, state);
      observe((o) => o.state(id, state));
    },

    list: (query: ListQuery) => store.list(query),

    read: (id: string, since: number) => store.read(id, since),

    /** The stored log, up to date (read incrementally; do not modify it). */
    log: async (id: string): Promise<readonly ServerEvent[]> => (await catchUp(id)).events,

    locked,

    /**
     * Stops taking client events (503 `server/closing`; clients retry elsewhere) and waits
     * until nothing is left: a handler still running may open a stream after a first look,
     * and that stream's final text must be stored before the store closes.
     */
    async idle(): Promise<void> {
      draining = true;
      for (;;) {
        const pending = [...running, ...writers.pending()];
        if (pending.length === 0) return;
        await Promise.allSettled(pending);
      }
    },

    answer,
  };

  function deliver(sub: Subscription, event: WireEvent): boolean {
    if ('seq' in event && typeof event.seq === 'number') {
      if (event.seq <= sub.since) return true;
      sub.since = event.seq;
    }
    if (!sub.listener.send(event)) {
      sub.listener.close('slow reader');
      return false;
    }
    return true;
  }

  function onBus(conversationId: string, hub: Hub, message: BusMessage): void {
    if (message.type === 'appended') {
      hub.chain = hub.chain
        .then(async () => {
          const ready = [...hub.subs].filter((s) => s.ready);
          if (ready.length === 0) return;
          const from = Math.min(...ready.map((s) => s.since));
          // seq 0: "re-read from where you are" (a bus that reconnected may have missed wake-ups).
          if (message.seq !== 0 && from >= message.seq) return;
          const events = await store.read(conversationId, from);
          for (const sub of ready) for (const event of events) if (!deliver(sub, event)) break;
        })
        .catch((error: unknown) => console.error('attune: fan-out failed', error));
      return;
    }
    if (message.type === 'stop') {
      streams.get(conversationId)?.get(message.id)?.controller.abort();
      return;
    }
    const event: WireEvent =
      message.type === 'delta' ? { v: 1, type: 'delta', id: message.id, offset: message.offset, text: message.text } : { v: 1, type: 'typing', on: message.on };
    for (const sub of hub.subs) {
      if (sub.ready) deliver(sub, event);
      else sub.pending.push(event);
    }
  }
}

export type ConversationService = ReturnType<typeof createConversationService>;
