import { AttuneError } from '../errors.js';
import { parseServerEvent } from '../protocol.js';
import type { ServerEvent } from '../protocol.js';
import type { Message } from '../types.js';
import type { Analytics } from './analytics.js';
import { indexOf } from './apply-server-event.js';
import type { Outbox } from './outbox.js';
import type { SequenceTracker } from './sequence-tracker.js';
import type { Store } from './store.js';
import type { StreamWatchdog } from './stream-watchdog.js';

export interface ReceiptContext {
  store: Store;
  seqs: SequenceTracker;
  outbox: Pick<Outbox, 'ack' | 'has' | 'entries'>;
  analytics: Pick<Analytics, 'emit' | 'received'>;
  signal: AbortSignal;
  /** A customer message failed for good. */
  fail: (messageId: string, error: AttuneError) => void;
  /** The transcript changed: store it (later, in one write per burst). */
  stored: () => void;
  /** Streaming replies to watch for a server that went quiet. */
  streams?: Pick<StreamWatchdog, 'alive' | 'done'>;
  /** The guardrails: run after an agent text changed. */
  guard?: ((id: string) => void) | undefined;
}

/**
 * Receipt of server events: validates each like any hostile input, applies each `seq`
 * once, folds it into the store, settles the outbox (an `ack`, or the server echoing our
 * own message) and emits the analytics the change stands for.
 */
export function receiveInto({ store, seqs, outbox, analytics, signal, fail, stored, streams, guard }: ReceiptContext): (raw: ServerEvent) => void {
  const find = (id: string): Message | undefined => store.state.snapshot.messages[indexOf(store.state.snapshot.messages, id)];
  return (raw) => {
    if (signal.aborted) return;
    let event: ServerEvent;
    try {
      event = parseServerEvent(raw);
    } catch (error) {
      analytics.emit('error', { error: error as AttuneError });
      return;
    }
    if (event.type === 'delta') {
      // Transient: no seq to track, nothing to store (the final text is), no analytics.
      const { seq: _seq, ...delta } = event;
      if (store.dispatch({ type: 'received', event: delta, at: Date.now() })) {
        streams?.alive(event.id);
        guard?.(event.id);
      }
      return;
    }
    if (event.seq !== undefined && !seqs.accept(event.seq)) return;
    const prev = event.type !== 'typing' && event.type !== 'ack' && event.type !== 'error' ? find(event.id) : undefined;
    if (store.dispatch({ type: 'received', event, at: Date.now() }) && event.type !== 'typing') stored();
    switch (event.type) {
      case 'typing':
        return;
      case 'ack':
        outbox.ack(event.id);
        return;
      case 'error': {
        const error = new AttuneError('transport/protocol', `${event.code}: ${event.message}`);
        const entry = event.id === undefined ? undefined : outbox.entries().find((e) => e.event.id === event.id);
        if (entry) {
          // The server refused this event for good: retrying cannot help.
          outbox.ack(entry.event.id);
          if (entry.event.type === 'message') return fail(entry.event.id, error);
        }
        store.dispatch({ type: 'failed', error });
        analytics.emit('error', { error });
        return;
      }
      default: {
        // The server echoing our own message is its acknowledgment.
        if (event.type === 'text' && event.from === 'customer' && outbox.has(event.id)) outbox.ack(event.id);
        if (event.type === 'text' && event.from === 'agent') guard?.(event.id);
        const message = find(event.id);
        if (message?.kind === 'text') {
          if (message.streaming) streams?.alive(message.id);
          else streams?.done(message.id);
        }
        if (message && message !== prev) analytics.received(prev, message);
      }
    }
  };
}
