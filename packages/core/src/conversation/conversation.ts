import { AttuneError, isAttuneError } from '../errors.js';
import type { ClientEvent } from '../protocol.js';
import type { Conversation, ConversationOptions, StorageAdapter, Transport, TransportContext } from '../conversation.types.js';
import type { ConversationSnapshot, Message, TextMessage } from '../types.js';
import { createId } from '../internal/ids.js';
import { resolveEmpathy } from '../rules.js';
import { memoryStorage } from '../storage/memory-storage.js';
import { webStorage } from '../storage/web-storage.js';
import { createActions } from './actions.js';
import type { Translator } from '../i18n/types.js';
import { createAnalytics } from './analytics.js';
import { createNotifier, perFrame } from './notifier.js';
import { createToneReader, inPageAgent } from './on-demand.js';
import { createOutbox } from './outbox.js';
import { createPersistence, STORED_MESSAGES, type StoredConversation } from './persistence.js';
import { receiveInto } from './receipt.js';
import { createSequenceTracker } from './sequence-tracker.js';
import { createStore } from './store.js';
import { createStreamWatchdog } from './stream-watchdog.js';
import { lazyGuard } from '../guardrails/lazy.js';

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
  const transport: Transport = options.transport ?? inPageAgent();
  const controller = new AbortController();
  const { signal } = controller;
  const analytics = createAnalytics(id);
  const { emit } = analytics;
  const warn = (error: AttuneError): void => emit('warning', { error });
  const notifier = createNotifier(
    (cause) => emit('error', { error: new AttuneError('config/invalid', 'A conversation listener threw', { cause }) }),
    perFrame(),
  );
  const store = createStore(id, notifier);
  const seqs = createSequenceTracker();
  const toneOf = createToneReader((tone) => {
    if (!signal.aborted) store.dispatch({ type: 'toneRead', tone });
  });
  const storage: StorageAdapter =
    options.storage === undefined || options.storage === 'memory'
      ? memoryStorage()
      : typeof options.storage === 'string'
        ? webStorage(options.storage, { onFallback: warn })
        : options.storage;
  const persistence = createPersistence({
    storage,
    key: `attune:conversation:${id}`,
    signal,
    warn,
    current(): StoredConversation {
      const entries = outbox.entries();
      shared = new Set(entries.map((e) => e.event.id));
      return { v: 1, lastSeq: seqs.resumeFrom(), messages: store.state.snapshot.messages.slice(-STORED_MESSAGES), outbox: entries };
    },
    merge: (stored) => mergeTabs(stored),
  });
  // Several tabs share one stored record. The outbox ids it held when this tab last read
  // or wrote it: one gone since, still queued here, was finished by another tab.
  let shared = new Set<string>();
  // Ids acknowledged here: never taken back from a record another tab wrote before it saw the ack.
  const acked = new Set<string>();
  const mergeTabs = (stored: StoredConversation): void => {
    const there = new Set(stored.outbox.map((e) => e.event.id));
    const storedMessage = (id: string): Message | undefined => stored.messages.find((m) => m.id === id);
    for (const { event } of outbox.entries()) {
      if (!shared.has(event.id) || there.has(event.id)) continue;
      const message = storedMessage(event.id);
      // Another tab got its ack (a failure there is its own: this tab's window still runs).
      if (message?.kind !== 'text' || message.status === 'sent') outbox.ack(event.id);
    }
    const adopted: Message[] = [];
    const messages = store.state.snapshot.messages;
    for (const entry of stored.outbox) {
      const { id } = entry.event;
      // Only what is new there since this tab's last look: one it had and dropped stays dropped.
      if (outbox.has(id) || shared.has(id) || acked.has(id)) continue;
      const known = messages.find((m) => m.id === id);
      if (known?.kind === 'text' && known.status === 'sent') continue;
      const message = storedMessage(id);
      if (message && !known) adopted.push(message);
      // Failed here, retried in another tab: pending again.
      if (known?.kind === 'text' && known.status === 'failed') store.dispatch({ type: 'deliveryChanged', id, status: 'pending' });
      // The server stores a client id once, so two tabs sending it is harmless; losing it is not.
      outbox.push(entry.event, entry.since);
    }
    if (adopted.length)
      store.dispatch({ type: 'restored', messages: [...messages, ...adopted], lastSeq: store.state.lastSeq, tone: store.state.snapshot.tone });
    shared = there;
  };
  const fail = (messageId: string, error: AttuneError): void => {
    store.dispatch({ type: 'deliveryChanged', id: messageId, status: 'failed', error: { code: error.code, message: error.message } });
    emit('messageFailed', { messageId, error });
  };
  const outbox = createOutbox({
    transport,
    signal,
    retryWindowMs: options.retryWindowMs ?? 30_000,
    ackTimeoutMs: options.backoff?.ackTimeoutMs ?? 10_000,
    backoff: options.backoff ?? {},
    // An event goes out only once it is stored, so a reload never loses it.
    persisted: () => persistence.flushed(),
    changed: () => persistence.soon(),
    delivered(event) {
      acked.add(event.id);
      if (event.type !== 'message') return;
      store.dispatch({ type: 'deliveryChanged', id: event.id, status: 'sent' });
      emit('messageSent', { messageId: event.id });
    },
    failed: (event, error) => (event.type === 'message' ? fail(event.id, error) : emit('error', { error })),
  });
  const empathy = resolveEmpathy(options.empathy);
  const guard = options.guardrails === false ? undefined : lazyGuard(store, emit, { maxApologies: empathy.maxApologies, ...options.guardrails });
  const streams = createStreamWatchdog(options.streamTimeoutMs ?? 30_000, (messageId) => {
    if (signal.aborted) return;
    store.dispatch({ type: 'streamInterrupted', id: messageId, error: { code: 'stream/interrupted', message: 'The reply stopped arriving' } });
    guard?.(messageId);
    persistence.later();
  });
  const receive = receiveInto({ store, seqs, outbox, analytics, signal, fail, stored: () => persistence.later(), streams, guard });

  const applyStored = (stored: StoredConversation): void => {
    const lastCustomer = [...stored.messages].reverse().find((m): m is TextMessage => m.kind === 'text' && m.from === 'customer');
    // Keep what this object already did before the (async) restore finished.
    const current = store.state.snapshot.messages;
    const known = new Set(current.map((m) => m.id));
    seqs.restored(stored.lastSeq);
    const messages: Message[] = [...stored.messages.filter((m) => !known.has(m.id)), ...current];
    store.dispatch({
      type: 'restored',
      messages,
      lastSeq: stored.lastSeq,
      tone: store.state.snapshot.tone ?? (lastCustomer ? toneOf(lastCustomer.text) : null),
    });
    for (const entry of stored.outbox) if (!outbox.has(entry.event.id)) outbox.push(entry.event, entry.since);
    // The guardrails learn what was already shown (the apology used, the phrases said).
    for (const m of stored.messages) guard?.(m.id, true);
    shared = new Set(stored.outbox.map((e) => e.event.id));
    // A reply that was streaming when the page went away gets the same time to finish.
    for (const m of stored.messages) if (m.kind === 'text' && m.streaming) streams.alive(m.id);
  };

  const context: TransportContext = {
    conversationId: id,
    locale: options.locale ?? 'en',
    empathy,
    signal,
    lastSeq: () => seqs.resumeFrom(),
    receive,
    storage,
    status(status, error) {
      if (signal.aborted) return;
      store.dispatch({ type: 'statusChanged', status, error: status === 'open' ? null : (error ?? store.state.snapshot.error) });
      if (status === 'open') outbox.online();
    },
    error(error) {
      if (!signal.aborted) emit('error', { error });
    },
  };

  let started = false;
  const failConnect = (cause: unknown): void => {
    if (signal.aborted) return;
    const error = isAttuneError(cause) ? cause : new AttuneError('transport/unreachable', 'Could not connect', { cause, retryable: true });
    store.dispatch({ type: 'statusChanged', status: 'offline', error });
    emit('error', { error });
  };
  const connect = (): void => {
    if (signal.aborted) return;
    store.dispatch({ type: 'statusChanged', status: 'connecting' });
    try {
      const connecting = transport.connect(context);
      if (connecting instanceof Promise) connecting.catch(failConnect);
    } catch (cause) {
      failConnect(cause);
    }
    outbox.start();
  };
  // The catalog that reads typed answers ("yes", "not quite") loads on demand, like the
  // agent: a page that only sends text never downloads the catalogs. By the time an echo
  // or picker has arrived from the server, it is there.
  let translator: Translator | undefined;
  const loadTranslator = (): void => {
    void import('../i18n/translator.js').then(
      ({ createTranslator }) => void (translator = createTranslator({ locale: options.locale })),
      () => undefined,
    );
  };
  const start = (): void => {
    if (started || signal.aborted) return;
    started = true;
    analytics.start();
    loadTranslator();
    guard?.preload();
    const waiting = persistence.restore(applyStored);
    if (waiting) void waiting.then(connect);
    else connect();
  };
  const alive = (): void => {
    if (signal.aborted) throw new AttuneError('conversation/disposed', 'This conversation was disposed');
  };
  const enqueue = (event: ClientEvent): void => {
    outbox.push(event);
    start();
  };

  // Sync storage is read at once so the first snapshot already shows the transcript.
  void persistence.restore(applyStored);

  return {
    id,
    subscribe(listener) {
      const unsubscribe = notifier.subscribe(listener);
      start();
      return unsubscribe;
    },
    getSnapshot: (): ConversationSnapshot => store.published(),
    ...(options.markdown === false ? { markdown: false } : {}),
    ...createActions({
      store,
      emit,
      enqueue,
      alive,
      maxLength: options.maxLength ?? 4000,
      toneOf,
      streamEnded: (messageId) => {
        streams.done(messageId);
        guard?.(messageId);
      },
      translator: () => translator,
    }),
    on: analytics.on,
    dispose() {
      if (signal.aborted) return;
      persistence.dispose();
      outbox.dispose();
      streams.dispose();
      controller.abort();
      store.dispatch({ type: 'statusChanged', status: 'closed' });
      // Tell subscribers now: the queued notification would find no listeners left.
      notifier.flush();
      notifier.clear();
    },
  };
}
