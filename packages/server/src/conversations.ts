// The conversation service: applies client events once, runs the agent (whole or
// streamed replies), and fans stored and transient events out to every stream and socket
// through the bus (subscribe-then-replay, deduplicated by seq).
import { createHash } from 'node:crypto';
import type { ClientEvent, ServerEvent } from '@attune/core';
import type { Bus, BusMessage } from './bus/types.js';
import { HttpError, StoreError } from './errors.js';
import { serialQueue } from './serial.js';
import type { AppendInput, ConversationMeta, ConversationStore, ListQuery } from './store/types.js';

/** What travels to a client: stored events (with seq) and transient ones (no seq). */
export type WireEvent =
  | ServerEvent
  | { v: 1; type: 'delta'; id: string; offset: number; text: string }
  | { v: 1; type: 'typing'; on: boolean };

/** A client event, including the v1.1 additions this server understands. */
export type IncomingEvent = ClientEvent | { v: 1; type: 'stop'; id: string } | { v: 1; type: 'feedback'; id: string; messageId: string; value: 'up' | 'down'; reason?: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A server event as an agent writes it (the store stamps `seq`; `v` is optional). */
export type AgentEvent = DistributiveOmit<ServerEvent, 'seq' | 'v'> & { v?: 1 };

/** One part of an agent's answer: a whole event, or a streamed text reply. */
export type AgentOutput = AgentEvent | { stream: AsyncIterable<string>; name?: string };

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

export interface ServiceOptions {
  store: ConversationStore;
  bus: Bus;
  agent?: ServerAgent | undefined;
  maxConversationBytes: number;
  /** How often coalesced deltas are published (ms). */
  deltaIntervalMs?: number;
}

const keyOf = (event: IncomingEvent): string => `c:${event.id}`;

export function createConversationService(options: ServiceOptions) {
  const { store, bus } = options;
  const hubs = new Map<string, Hub>();
  const streams = new Map<string, Map<string, ActiveStream>>();
  const running = new Set<Promise<unknown>>();
  const stats = { received: 0, duplicates: 0 };

  /** One writer per conversation in this process, in order. */
  const writers = serialQueue();
  const locked = writers.run;

  const meta = async (id: string): Promise<ConversationMeta> => {
    const found = await store.get(id);
    if (!found) throw new HttpError(404, 'conversation/not-found', 'No such conversation');
    return found;
  };

  const append = async (id: string, input: AppendInput): Promise<ServerEvent> => {
    const current = await meta(id);
    if (current.size > options.maxConversationBytes) throw new HttpError(413, 'conversation/too-large', 'This conversation has reached its size limit; start a new one');
    const { event, duplicate } = await store.append(id, input);
    if (!duplicate) await bus.publish({ type: 'appended', conversationId: id, seq: event.seq ?? 0 });
    return event;
  };

  const latest = (events: readonly ServerEvent[], type: ServerEvent['type'], id: string): ServerEvent | undefined => {
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e?.type === type && 'id' in e && e.id === id) return e;
    }
    return undefined;
  };

  const strip = (event: ServerEvent): Omit<ServerEvent, 'seq' | 'v'> => {
    const { seq: _seq, v: _v, ...rest } = event;
    return rest;
  };

  /** What a client event changes in the log (before the agent answers). */
  const effects = (events: readonly ServerEvent[], event: ClientEvent, name: string | undefined): Omit<ServerEvent, 'seq' | 'v'>[] => {
    const at = Date.now();
    switch (event.type) {
      case 'message': {
        // A customer id that names a server message would overwrite it on every client.
        const clash = events.find((e) => 'id' in e && e.id === event.id && !(e.type === 'text' && e.from === 'customer'));
        if (clash) throw new HttpError(409, 'id/conflict', 'This id belongs to a message the customer did not write');
        return [{ type: 'text', id: event.id, from: 'customer', text: event.text, at: event.at ?? at, status: 'sent', ...(name ? { name } : {}) } as Omit<ServerEvent, 'seq' | 'v'>];
      }
      case 'echo.confirm':
      case 'echo.correct': {
        const echo = latest(events, 'echo', event.echoId);
        if (echo?.type !== 'echo') return [];
        return [event.type === 'echo.confirm' ? { ...strip(echo), state: 'confirmed' } : { ...strip(echo), state: 'corrected', correction: event.text }] as unknown as Omit<ServerEvent, 'seq' | 'v'>[];
      }
      case 'choose': {
        const choice = latest(events, 'choice', event.pickerId);
        if (choice?.type !== 'choice' || choice.chosen !== undefined || !choice.options.some((o) => o.id === event.optionId)) return [];
        return [{ ...strip(choice), chosen: event.optionId } as Omit<ServerEvent, 'seq' | 'v'>];
      }
      case 'csat': {
        const csat = event.csatId === undefined ? undefined : latest(events, 'csat', event.csatId);
        if (csat?.type !== 'csat') return [];
        return [{ ...strip(csat), score: event.score, ...(event.comment ? { comment: event.comment } : {}) } as Omit<ServerEvent, 'seq' | 'v'>];
      }
      case 'handoff.request':
        return [{ type: 'handoff', id: `h_${event.id}`, at, state: 'requested', text: 'A person has been asked to join this conversation.', reason: 'requested' } as Omit<ServerEvent, 'seq' | 'v'>];
      case 'end':
        return [{ type: 'text', id: `end_${event.id}`, from: 'system', text: 'The conversation has ended.', at, status: 'sent' } as Omit<ServerEvent, 'seq' | 'v'>];      // `stop` is handled by the stream it names; per-message feedback is not stored yet (issue 16).
      case 'stop':
      case 'feedback':
        return [];
    }
  };

  const publishDelta = (id: string, message: Extract<BusMessage, { type: 'delta' }>): void => {
    bus.publish(message).catch((error: unknown) => console.error(`attune: could not publish a delta of ${id}`, error));
  };

  /** Streams one reply: a seq'd start, coalesced transient deltas, a seq'd final text. */
  const runStream = async (conversationId: string, source: AsyncIterable<string>, key: string, name: string | undefined, controller: AbortController): Promise<void> => {
    // Derived from the key, not random: when the process streaming it dies, the client's retry
    // re-runs the agent on another process, and its final text must replace the same message.
    const id = `s_${createHash('sha256').update(`${conversationId}\u0000${key}`).digest('base64url').slice(0, 22)}`;
    const at = Date.now();
    const base = { type: 'text', id, from: 'agent', at, ...(name ? { name } : {}) };
    await locked(conversationId, () => append(conversationId, { event: { ...base, text: '', status: 'streaming' } as Omit<ServerEvent, 'seq' | 'v'>, key: `${key}:start` }));
    const active: ActiveStream = { text: '', published: 0, controller };
    let mine = streams.get(conversationId);
    if (!mine) streams.set(conversationId, (mine = new Map<string, ActiveStream>()));
    mine.set(id, active);
    const flush = (): void => {
      if (active.text.length === active.published) return;
      publishDelta(conversationId, { type: 'delta', conversationId, id, offset: active.published, text: active.text.slice(active.published) });
      active.published = active.text.length;
    };
    const timer = setInterval(flush, options.deltaIntervalMs ?? 16);
    let failed = false;
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
    const final = { ...base, text: active.text, status: failed ? 'failed' : 'sent', ...(stopped ? { tags: ['stopped'] } : {}) };
    await locked(conversationId, () => append(conversationId, { event: final as Omit<ServerEvent, 'seq' | 'v'>, key: `${key}:final` }));
  };

  /** Stores the agent's answer to `event` (call under the conversation's lock), each part under its own key so a re-run stores nothing twice. */
  const answer = async (conversationId: string, event: ClientEvent, name: string | undefined): Promise<void> => {
    if (!options.agent) return;
    const controller = new AbortController();
    const events = await store.read(conversationId, 0);
    const outputs = await options.agent(event, { id: conversationId, events, signal: controller.signal });
    let index = 0;
    for (const output of outputs) {
      const key = `s:r:${event.id}:${index++}`;
      if ('stream' in output) {
        const task = runStream(conversationId, output.stream, key, output.name ?? name, controller).catch((error: unknown) => console.error('attune: stream', error));
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
      stats.received++;
      if (event.type === 'stop') {
        for (const active of [event.id].map((id) => streams.get(conversationId)?.get(id))) active?.controller.abort();
        await bus.publish({ type: 'stop', conversationId, id: event.id });
        const ack = await locked(conversationId, () => append(conversationId, { event: { type: 'ack', id: event.id } as Omit<ServerEvent, 'seq' | 'v'>, key: `s:ack:${event.id}` }));
        return { duplicate: false, seq: ack.seq ?? 0 };
      }
      if (event.type === 'feedback') {
        const ack = await locked(conversationId, () => append(conversationId, { event: { type: 'ack', id: event.id } as Omit<ServerEvent, 'seq' | 'v'>, key: `s:ack:${event.id}` }));
        return { duplicate: false, seq: ack.seq ?? 0 };
      }
      // Order: the event's effect (key c:<id>), the agent's reply (s:r:<id>:<n>), then the
      // ack (s:ack:<id>). An ack therefore means the reply is stored too; when storing the
      // reply fails, the client gets no ack, retries, and the agent runs again.
      return locked(conversationId, async () => {
        const before = await store.read(conversationId, 0);
        const acked = before.some((e) => e.type === 'ack' && e.id === event.id);
        if (acked) {
          stats.duplicates++;
          return { duplicate: true, seq: before.at(-1)?.seq ?? 0 };
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
      current.chain = current.chain.then(async () => {
        const events = await store.read(conversationId, since);
        for (const event of events) if (!deliver(sub, event)) return;
        sub.ready = true;
        // A reconnect in the middle of a stream: one cumulative delta.
        for (const [id, active] of streams.get(conversationId) ?? []) if (active.published > 0) deliver(sub, { v: 1, type: 'delta', id, offset: 0, text: active.text.slice(0, active.published) });
        const pending = sub.pending;
        sub.pending = [];
        for (const event of pending) if (!deliver(sub, event)) return;
      }).catch((error: unknown) => {
        console.error('attune: replay failed', error);
        listener.close('replay failed');
      });
      return unsubscribe;
    },

    append: (id: string, input: AppendInput) => locked(id, () => append(id, input)),

    /** Append while already holding the conversation's lock (`locked`). */
    appendUnlocked: append,

    setState: (id: string, state: ConversationMeta['state']) => store.setState(id, state),

    list: (query: ListQuery) => store.list(query),

    read: (id: string, since: number) => store.read(id, since),

    locked,

    async idle(): Promise<void> {
      await Promise.all([...running, ...writers.pending()]);
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
      hub.chain = hub.chain.then(async () => {
        const ready = [...hub.subs].filter((s) => s.ready);
        if (ready.length === 0) return;
        const from = Math.min(...ready.map((s) => s.since));
        // seq 0: "re-read from where you are" (a bus that reconnected may have missed wake-ups).
        if (message.seq !== 0 && from >= message.seq) return;
        const events = await store.read(conversationId, from);
        for (const sub of ready) for (const event of events) if (!deliver(sub, event)) break;
      }).catch((error: unknown) => console.error('attune: fan-out failed', error));
      return;
    }
    if (message.type === 'stop') {
      streams.get(conversationId)?.get(message.id)?.controller.abort();
      return;
    }
    const event: WireEvent = message.type === 'delta' ? { v: 1, type: 'delta', id: message.id, offset: message.offset, text: message.text } : { v: 1, type: 'typing', on: message.on };
    for (const sub of hub.subs) {
      if (sub.ready) deliver(sub, event);
      else sub.pending.push(event);
    }
  }
}

export type ConversationService = ReturnType<typeof createConversationService>;
