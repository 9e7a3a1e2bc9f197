import { AttuneError, isAttuneError } from '../errors.js';
import type { ClientEvent } from '../protocol.js';
import type { Transport } from '../conversation.types.js';
import { backoffDelay, type BackoffOptions } from '../internal/backoff.js';

/** One unacknowledged client event, as stored. */
export interface OutboxEntry {
  event: ClientEvent;
  /** When it was first queued (epoch ms): the retry window counts from here. */
  since: number;
}

interface LiveEntry extends OutboxEntry {
  /** The send pass in which it was last handed to the transport. */
  pass: number;
}

export interface OutboxOptions {
  transport: Transport;
  signal: AbortSignal;
  retryWindowMs: number;
  /** How long a handed-over event may wait for its `ack` before the queue is resent. */
  ackTimeoutMs: number;
  backoff: BackoffOptions;
  /** Resolves once the latest outbox state is stored (`undefined` when it already is). */
  persisted(): Promise<void> | undefined;
  changed(): void;
  delivered(event: ClientEvent): void;
  failed(event: ClientEvent, error: AttuneError): void;
}

export interface Outbox {
  push(event: ClientEvent, since?: number): void;
  /** Removes the event with this id; false when it was not queued. */
  ack(id: string): boolean;
  entries(): OutboxEntry[];
  has(id: string): boolean;
  /** Starts sending; called once the transport is connecting. */
  start(): void;
  /** The connection (re)opened: resend everything unacknowledged now, from the head. */
  online(): void;
  dispose(): void;
}

/**
 * The ordered, persistent queue of client events. Events go out strictly in order and
 * are pipelined (the next is handed over once the previous one was); an error or a
 * missing ack restarts the pass from the oldest unacknowledged event after a backoff
 * with full jitter, so the server sees them in order (it ignores ids it already has).
 * Messages that stay unacknowledged beyond the retry window fail; other events keep
 * retrying, since they have no UI to retry them from.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const queue: LiveEntry[] = [];
  let pass = 0;
  let attempt = 0;
  let started = false;
  let sending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // 'ack': waiting for acks, new events may still go out; 'backoff': nothing goes out.
  let waiting: 'ack' | 'backoff' | undefined;

  const clear = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = waiting = undefined;
  };
  const disposed = (): boolean => options.signal.aborted;

  const remove = (entry: LiveEntry): void => {
    const index = queue.indexOf(entry);
    if (index >= 0) queue.splice(index, 1);
  };

  const fail = (entry: LiveEntry, error: AttuneError): void => {
    remove(entry);
    options.changed();
    options.failed(entry.event, error);
  };

  /** Fails messages past their window; returns the next deadline, if any. */
  const expire = (now: number): number => {
    let next = Infinity;
    for (const entry of queue.slice()) {
      if (entry.event.type !== 'message') continue;
      const deadline = entry.since + options.retryWindowMs;
      if (deadline <= now) fail(entry, new AttuneError('transport/unreachable', 'The message could not be delivered in time', { retryable: true }));
      else next = Math.min(next, deadline);
    }
    return next;
  };

  const schedule = (kind: 'ack' | 'backoff', delay: number): void => {
    clear();
    if (disposed() || !queue.length) return;
    const deadline = expire(Date.now());
    if (!queue.length) return;
    waiting = kind;
    timer = setTimeout(
      () => {
        timer = waiting = undefined;
        expire(Date.now());
        if (queue.some((e) => e.pass === pass)) {
          pass++;
          attempt++;
        }
        pump();
      },
      Math.max(0, Math.min(delay, deadline - Date.now())),
    );
  };

  const retryLater = (): void => {
    pass++;
    schedule('backoff', backoffDelay(attempt++, options.backoff));
  };

  const pump = (): void => {
    if (!started || sending || waiting === 'backoff' || disposed()) return;
    const entry = queue.find((e) => e.pass !== pass);
    if (!entry) {
      // Everything is handed over: wait for acks, then resend from the head.
      if (queue.length && !waiting) schedule('ack', options.ackTimeoutMs);
      return;
    }
    sending = true;
    const current = pass;
    const go = async (): Promise<void> => {
      try {
        await options.persisted();
        if (disposed()) return;
        await options.transport.send(entry.event, { signal: options.signal });
        if (current === pass) entry.pass = current;
      } catch (cause) {
        if (disposed()) return;
        const error = isAttuneError(cause) ? cause : new AttuneError('transport/unreachable', 'Could not send', { cause, retryable: true });
        if (!error.retryable) fail(entry, error);
        else if (current === pass) retryLater();
      } finally {
        sending = false;
      }
      pump();
    };
    void go();
  };

  return {
    push(event, since = Date.now()) {
      queue.push({ event, since, pass: -1 });
      options.changed();
      // A microtask later, so the caller's state change (and its persistence) comes first.
      queueMicrotask(pump);
    },
    ack(id) {
      const entry = queue.find((e) => e.event.id === id);
      if (!entry) return false;
      remove(entry);
      attempt = 0;
      options.changed();
      options.delivered(entry.event);
      // Progress: give the rest of the queue a fresh ack timeout.
      if (!queue.length) clear();
      else if (waiting === 'ack') schedule('ack', options.ackTimeoutMs);
      return true;
    },
    entries: () => queue.map(({ event, since }) => ({ event, since })),
    has: (id) => queue.some((e) => e.event.id === id),
    start() {
      started = true;
      pump();
    },
    online() {
      clear();
      pass++;
      attempt = 0;
      pump();
    },
    dispose: clear,
  };
}
