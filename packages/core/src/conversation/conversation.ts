import { AttuneError, isAttuneError } from '../errors.js';
import { PROTOCOL_VERSION, parseServerEvent } from '../protocol.js';
import type { ClientEvent, ServerEvent } from '../protocol.js';
import type {
  AnalyticsEvent,
  AnalyticsEventMap,
  AnalyticsEventType,
  Conversation,
  ConversationOptions,
  Listener,
    StorageAdapter,
  Transport,
  TransportContext,
} from '../conversation.types.js';
import type { ChoiceMessage, ConversationSnapshot, CsatMessage, EchoMessage, Message, TextMessage, ToneSummary } from '../types.js';
import { createId } from '../internal/ids.js';
import { HANDOFF_OPTION_ID, isMessageId, MAX_ID_LENGTH, resolveEmpathy } from '../rules.js';
import { memoryStorage } from '../storage/memory-storage.js';
import { webStorage } from '../storage/web-storage.js';
import { localAgent } from '../transport/local-agent.js';
import { detectTone } from '../tone/index.js';
import { indexOf, initialState, reduce, type Action, type ConversationState } from './conversation.reducer.js';
import { createOutbox, type OutboxEntry } from './outbox.js';

/** What a conversation keeps in storage (small, plain JSON). */
interface StoredConversation {
  v: 1;
  lastSeq: number;
  messages: Message[];
  outbox: OutboxEntry[];
}

/** Most messages kept in storage; older ones are dropped from the stored copy only. */
const STORED_MESSAGES = 500;
// Control characters except \t (9) and \n (10); \r\n and \r become \n first.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const then = <T>(value: T | Promise<T>, next: (value: T) => void): void | Promise<void> =>
  value instanceof Promise ? value.then(next) : next(value);

function toneOf(text: string): ToneSummary {
  const { tone, intensity, urgency } = detectTone(text);
  return { tone, intensity, urgency };
}

/**
 * Creates a headless conversation: the one owner of the transcript, the connection
 * status and the outbox. Nothing starts until the first `subscribe` or action: then
 * the stored transcript is restored, the transport connects and queued events go out.
 *
 * @example
 * const conversation = createConversation({ transport: httpTransport({ url }), storage: 'local', id: savedId });
 * const stop = conversation.subscribe(() => render(conversation.getSnapshot()));
 * conversation.send('My order never arrived');
 */
export function createConversation(options: ConversationOptions = {}): Conversation {
  const id = options.id ?? createId('c_');
  const locale = options.locale ?? 'en';
  const maxLength = options.maxLength ?? 4000;
  const transport: Transport = options.transport ?? localAgent();
  const storageKey = `attune:conversation:${id}`;
  const controller = new AbortController();
  const signal = controller.signal;
  const listeners = new Set<Listener>();
  const handlers = new Map<string, Set<(event: AnalyticsEvent) => void>>();
  // Server seqs applied since this object was created (lastSeq covers earlier ones).
  const seen = new Set<number>();
  // Every seq up to this one was applied. Reconnects and storage resume from here, not
  // from the highest seq: an event overtaken just before a cut is replayed, not skipped.
  let contiguous = 0;
  const resumeSeq = (): number => {
    while (seen.has(contiguous + 1)) contiguous++;
    return contiguous;
  };

  let state: ConversationState = initialState(id);
  let notifyQueued = false;
  let started = false;
  let restored: Promise<void> | undefined;
  let writing: Promise<void> | undefined;
  let persistQueued = false;
  let restoredSeq = 0;
  let restoreDone = false;

  // Warnings raised while constructing (e.g. storage fallback) wait until `start`, when handlers can be attached.
  let early: [AnalyticsEventType, AnalyticsEventMap[AnalyticsEventType]][] | undefined = [];
  const emit = <K extends AnalyticsEventType>(type: K, payload: AnalyticsEventMap[K]): void => {
    if (early && !started) return void early.push([type, payload]);
    const event = { type, conversationId: id, at: Date.now(), ...payload } as unknown as AnalyticsEvent;
    for (const key of [type, '*']) {
      for (const handler of handlers.get(key) ?? []) {
        try {
          handler(event);
        } catch (cause) {
          // A broken analytics handler must never break the conversation.
          if (type !== 'warning') emit('warning', { error: new AttuneError('config/invalid', `An analytics handler for "${type}" threw`, { cause }) });
        }
      }
    }
  };

  const storage: StorageAdapter =
    options.storage === undefined || options.storage === 'memory'
      ? memoryStorage()
      : typeof options.storage === 'string'
        ? webStorage(options.storage, { onFallback: (error) => emit('warning', { error }) })
        : options.storage;

  const notify = (): void => {
    notifyQueued = false;
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (cause) {
        emit('error', { error: new AttuneError('config/invalid', 'A conversation listener threw', { cause }) });
      }
    }
  };

  const dispatch = (action: Action): boolean => {
    const next = reduce(state, action);
    if (next === state) return false;
    const snapshotChanged = next.snapshot !== state.snapshot;
    state = next;
    if (snapshotChanged && !notifyQueued) {
      notifyQueued = true;
      // One notification per burst (e.g. one network chunk carrying many events).
      queueMicrotask(notify);
    }
    return true;
  };

  // --- persistence --------------------------------------------------------------

  const write = (): void | Promise<void> => {
    persistQueued = false;
    const value: StoredConversation = {
      v: 1,
      lastSeq: resumeSeq(),
      messages: state.snapshot.messages.slice(-STORED_MESSAGES) as Message[],
      outbox: outbox.entries(),
    };
    const guard = (cause: unknown): void =>
      emit('warning', { error: isAttuneError(cause) ? cause : new AttuneError('storage/unavailable', 'Could not store the conversation', { cause }) });
    try {
      const result = storage.set(storageKey, value);
      if (result instanceof Promise) {
        // Writes are chained so an older state never lands after a newer one.
        const chained = (writing ?? Promise.resolve()).then(() => result).catch(guard);
        const mine = (writing = chained.then(() => {
          if (writing === mine) writing = undefined;
        }));
      }
    } catch (cause) {
      guard(cause);
    }
  };
  const persistSoon = (): void => {
    if (persistQueued) return;
    persistQueued = true;
    queueMicrotask(() => {
      if (persistQueued) void write();
    });
  };
  // Incoming messages are stored a little later, in one write per burst: the stored
  // lastSeq always matches the stored messages, so anything not yet written is replayed.
  let lazyTimer: ReturnType<typeof setTimeout> | undefined;
  const persistLater = (): void => {
    if (lazyTimer !== undefined || signal.aborted) return;
    lazyTimer = setTimeout(() => {
      lazyTimer = undefined;
      persistSoon();
    }, 250);
  };

  // --- outbox -------------------------------------------------------------------

  const outbox = createOutbox({
    transport,
    signal,
    retryWindowMs: options.retryWindowMs ?? 30_000,
    ackTimeoutMs: options.backoff?.ackTimeoutMs ?? 10_000,
    backoff: options.backoff ?? {},
    // An event goes out only once it is stored, so a reload never loses it.
    persisted: () => {
      if (persistQueued) write();
      return writing;
    },
    changed: persistSoon,
    delivered(event) {
      if (event.type === 'message') {
        dispatch({ type: 'delivery', id: event.id, status: 'sent' });
        emit('messageSent', { messageId: event.id });
      }
    },
    failed(event, error) {
      if (event.type === 'message') {
        dispatch({ type: 'delivery', id: event.id, status: 'failed', error: { code: error.code, message: error.message } });
        emit('messageFailed', { messageId: event.id, error });
      } else {
        emit('error', { error });
      }
    },
  });

  // --- incoming -----------------------------------------------------------------

  const analyticsFor = (prev: Message | undefined, message: Message): void => {
    const isNew = !prev;
    switch (message.kind) {
      case 'echo':
        if (isNew) emit('echoShown', { echoId: message.id, about: message.about });
        break;
      case 'text':
        if (isNew && message.from === 'agent' && message.tags?.includes('apology')) emit('apologyUsed', { messageId: message.id });
        break;
      case 'choice':
        if (isNew && message.purpose === 'handoff') emit('handoffOffered', { messageId: message.id });
        break;
      case 'handoff':
        if (message.state === 'offered' && (prev as Message & { state?: string } | undefined)?.state !== 'offered') {
          emit('handoffOffered', { messageId: message.id, ...(message.reason ? { reason: message.reason } : {}) });
        }
        break;
      case 'recap':
        if (isNew) emit('recapShown', { recapId: message.id, resolved: message.resolved });
        break;
    }
  };

  const find = (messageId: string): Message | undefined => state.snapshot.messages[indexOf(state.snapshot.messages, messageId)];

  const receive = (raw: ServerEvent): void => {
    if (signal.aborted) return;
    let event: ServerEvent;
    try {
      event = parseServerEvent(raw);
    } catch (error) {
      emit('error', { error: error as AttuneError });
      return;
    }
    if (event.seq !== undefined) {
      // Each seq is applied once: replays after a reconnect overlap what was seen.
      // Seqs up to the stored lastSeq were applied before a reload.
      if (seen.has(event.seq) || event.seq <= restoredSeq) return;
      seen.add(event.seq);
    }
    const prev = 'id' in event && event.type !== 'ack' && event.type !== 'error' ? find(event.id) : undefined;
    if (dispatch({ type: 'receive', event, at: Date.now() }) && event.type !== 'typing') persistLater();
    switch (event.type) {
      case 'typing':
        return;
      case 'ack':
        outbox.ack(event.id);
        return;
      case 'error': {
        const error = new AttuneError('transport/protocol', `${event.code}: ${event.message}`);
        if (event.id && outbox.has(event.id)) {
          // The server refused this event for good: retrying cannot help.
          const entry = outbox.entries().find((e) => e.event.id === event.id)!;
          outbox.ack(event.id);
          if (entry.event.type === 'message') {
            dispatch({ type: 'delivery', id: entry.event.id, status: 'failed', error: { code: error.code, message: error.message } });
            emit('messageFailed', { messageId: entry.event.id, error });
            return;
          }
        }
        dispatch({ type: 'error', error });
        emit('error', { error });
        return;
      }
      default: {
        const message = find(event.id);
        // The server echoing our own message is its acknowledgment.
        if (event.type === 'text' && event.from === 'customer' && outbox.has(event.id)) outbox.ack(event.id);
        if (message && message !== prev) analyticsFor(prev, message);
      }
    }
  };

  // --- lifecycle ----------------------------------------------------------------

  const applyStored = (value: unknown): void => {
    const stored = value as Partial<StoredConversation> | undefined;
    if (!stored || stored.v !== 1 || !Array.isArray(stored.messages) || !Array.isArray(stored.outbox)) {
      if (stored !== undefined) emit('warning', { error: new AttuneError('storage/corrupt', 'Stored conversation was unreadable; starting fresh') });
      return;
    }
    const lastCustomer = [...stored.messages].reverse().find((m): m is TextMessage => m.kind === 'text' && m.from === 'customer');
    // Keep what this object already did before the (async) restore finished.
    const current = state.snapshot.messages;
    const known = new Set(current.map((m) => m.id));
    restoredSeq = typeof stored.lastSeq === 'number' ? stored.lastSeq : 0;
    contiguous = Math.max(contiguous, restoredSeq);
    dispatch({
      type: 'restore',
      messages: [...stored.messages.filter((m) => !known.has(m.id)), ...current],
      lastSeq: restoredSeq,
      tone: state.snapshot.tone ?? (lastCustomer ? toneOf(lastCustomer.text) : null),
    });
    const pending = outbox.entries();
    for (const entry of stored.outbox) if (!pending.some((p) => p.event.id === entry.event.id)) outbox.push(entry.event, entry.since);
  };

  /** Reads storage once; returns a promise only while an async read is pending. */
  const restore = (): Promise<void> | undefined => {
    if (restored !== undefined || restoreDone) return restored;
    const warn = (cause: unknown): void => {
      emit('warning', { error: new AttuneError('storage/unavailable', 'Could not read the stored conversation', { cause }) });
    };
    try {
      const result = then(storage.get(storageKey), applyStored);
      if (result instanceof Promise) {
        return (restored = result.catch(warn).finally(() => {
          restored = undefined;
          restoreDone = true;
        }));
      }
    } catch (cause) {
      warn(cause);
    }
    restoreDone = true;
    return undefined;
  };

  const context: TransportContext = {
    conversationId: id,
    locale,
    empathy: resolveEmpathy(options.empathy),
    signal,
    lastSeq: resumeSeq,
    receive,
    status(status, error) {
      if (signal.aborted) return;
      dispatch({ type: 'status', status, error: status === 'open' ? null : (error ?? state.snapshot.error) });
      if (status === 'open') outbox.online();
    },
    error(error) {
      if (!signal.aborted) emit('error', { error });
    },
  };

  const start = (): void => {
    if (started || signal.aborted) return;
    started = true;
    for (const [type, payload] of early!) emit(type, payload);
    early = undefined;
    const go = (): void => {
      if (signal.aborted) return;
      dispatch({ type: 'status', status: 'connecting' });
      try {
        const connecting = transport.connect(context);
        if (connecting instanceof Promise) connecting.catch(failConnect);
      } catch (cause) {
        failConnect(cause);
      }
      outbox.start();
    };
    const waiting = restore();
    if (waiting) void waiting.then(go);
    else go();
  };
  const failConnect = (cause: unknown): void => {
    if (signal.aborted) return;
    const error = isAttuneError(cause) ? cause : new AttuneError('transport/unreachable', 'Could not connect', { cause, retryable: true });
    dispatch({ type: 'status', status: 'offline', error });
    emit('error', { error });
  };

  const alive = (): void => {
    if (signal.aborted) throw new AttuneError('conversation/disposed', 'This conversation was disposed');
  };

  const enqueue = (event: ClientEvent): void => {
    outbox.push(event);
    start();
  };

  const findKind = <K extends Message['kind']>(messageId: unknown, kind: K): Extract<Message, { kind: K }> | undefined => {
    const message = typeof messageId === 'string' ? find(messageId) : undefined;
    return message?.kind === kind ? (message as Extract<Message, { kind: K }>) : undefined;
  };

  // Sync storage is read at once so the first snapshot already shows the transcript.
  restore();

  const conversation: Conversation = {
    id,
    subscribe(listener) {
      listeners.add(listener);
      start();
      return () => void listeners.delete(listener);
    },
    getSnapshot: (): ConversationSnapshot => state.snapshot,
    send(text, options) {
      alive();
      if (typeof text !== 'string') throw new AttuneError('input/invalid', 'send(text) expects a string');
      const wanted = options?.id;
      if (wanted !== undefined && (!isMessageId(wanted) || state.snapshot.messages.some((m) => m.id === wanted)))
        throw new AttuneError('input/invalid', `send(text, { id }) needs a new id of 1-${MAX_ID_LENGTH} letters, digits, _ or -`);
      const clean = text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
      if (!clean.trim()) throw new AttuneError('input/empty', 'The message is empty');
      if (clean.length > maxLength) throw new AttuneError('input/too-long', `The message is ${clean.length} characters long; the limit is ${maxLength}`);
      const messageId = wanted ?? createId('m_');
      const at = Date.now();
      dispatch({ type: 'compose', message: { kind: 'text', id: messageId, from: 'customer', text: clean, at, status: 'pending' }, tone: toneOf(clean) });
      enqueue({ v: PROTOCOL_VERSION, type: 'message', id: messageId, text: clean, at });
      return messageId;
    },
    confirmEcho(echoId) {
      alive();
      if (!findKind(echoId, 'echo')) throw new AttuneError('echo/not-found', `No echo with id "${String(echoId)}"`);
      dispatch({ type: 'patch', id: echoId, patch: { state: 'confirmed' } satisfies Partial<EchoMessage> });
      enqueue({ v: PROTOCOL_VERSION, type: 'echo.confirm', id: createId('e_'), echoId });
      emit('echoConfirmed', { echoId });
    },
    correctEcho(echoId, text) {
      alive();
      if (!findKind(echoId, 'echo')) throw new AttuneError('echo/not-found', `No echo with id "${String(echoId)}"`);
      if (text !== undefined && typeof text !== 'string') throw new AttuneError('input/invalid', 'correctEcho(echoId, text) expects text to be a string');
      const correction = text?.replace(CONTROL, '').trim().slice(0, maxLength) ?? '';
      dispatch({ type: 'patch', id: echoId, patch: { state: 'corrected', ...(correction ? { correction } : {}) } satisfies Partial<EchoMessage> });
      enqueue({ v: PROTOCOL_VERSION, type: 'echo.correct', id: createId('e_'), echoId, text: correction });
      emit('echoCorrected', correction ? { echoId, text: correction } : { echoId });
    },
    choose(pickerId, optionId) {
      alive();
      const choice: ChoiceMessage | undefined = findKind(pickerId, 'choice');
      if (!choice) throw new AttuneError('choice/not-found', `No option picker with id "${String(pickerId)}"`);
      const option = choice.options.find((o) => o.id === optionId);
      if (!option) throw new AttuneError('choice/option', `Option "${String(optionId)}" is not one of ${choice.options.map((o) => `"${o.id}"`).join(', ')}`);
      if (choice.chosen !== undefined) throw new AttuneError('choice/already-chosen', `Option "${choice.chosen}" was already chosen`);
      dispatch({ type: 'patch', id: pickerId, patch: { chosen: optionId } satisfies Partial<ChoiceMessage> });
      enqueue({ v: PROTOCOL_VERSION, type: 'choose', id: createId('e_'), pickerId, optionId });
      emit('optionChosen', { pickerId, optionId, label: option.label });
      if (choice.purpose === 'handoff' && optionId === HANDOFF_OPTION_ID) emit('handoffTaken', { messageId: pickerId });
    },
    requestHuman() {
      alive();
      enqueue({ v: PROTOCOL_VERSION, type: 'handoff.request', id: createId('e_') });
      emit('handoffTaken', {});
    },
    rate(score, comment) {
      alive();
      if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5) {
        throw new AttuneError('csat/score', `A rating must be a whole number from 1 to 5, got ${String(score)}`);
      }
      if (comment !== undefined && typeof comment !== 'string') throw new AttuneError('input/invalid', 'rate(score, comment) expects comment to be a string');
      const clean = comment?.replace(CONTROL, '').trim().slice(0, maxLength) || undefined;
      const csat = [...state.snapshot.messages].reverse().find((m): m is CsatMessage => m.kind === 'csat');
      if (csat) dispatch({ type: 'patch', id: csat.id, patch: { score, ...(clean ? { comment: clean } : {}) } satisfies Partial<CsatMessage> });
      enqueue({ v: PROTOCOL_VERSION, type: 'csat', id: createId('e_'), ...(csat ? { csatId: csat.id } : {}), score, ...(clean ? { comment: clean } : {}) });
      emit('csatGiven', { ...(csat ? { csatId: csat.id } : {}), score, ...(clean ? { comment: clean } : {}) });
    },
    end() {
      alive();
      enqueue({ v: PROTOCOL_VERSION, type: 'end', id: createId('e_') });
    },
    retry(messageId) {
      alive();
      const message = findKind(messageId, 'text');
      if (!message || message.from !== 'customer') throw new AttuneError('message/not-found', `No message of yours with id "${String(messageId)}"`);
      if (message.status !== 'failed') throw new AttuneError('message/not-failed', `Message "${messageId}" has not failed (it is ${message.status})`);
      dispatch({ type: 'delivery', id: messageId, status: 'pending' });
      enqueue({ v: PROTOCOL_VERSION, type: 'message', id: messageId, text: message.text, at: message.at });
    },
    on(type, handler) {
      let set = handlers.get(type);
      if (!set) handlers.set(type, (set = new Set()));
      const h = handler as (event: AnalyticsEvent) => void;
      set.add(h);
      return () => void set.delete(h);
    },
    dispose() {
      if (signal.aborted) return;
      if (persistQueued || lazyTimer !== undefined) void write();
      clearTimeout(lazyTimer);
      outbox.dispose();
      controller.abort();
      dispatch({ type: 'status', status: 'closed' });
      // Tell subscribers now: the queued notification would find no listeners left.
      notify();
      listeners.clear();
    },
  };
  return conversation;
}
