import type { ServerEvent } from '@attune/core';
import type { ConversationStore } from '../store/types.js';
import type { Bus, BusMessage } from './types.js';

/**
 * Follows one conversation for one client connection, across processes: stored events
 * from the store (each exactly once, in seq order), transient ones from the bus.
 *
 * Subscribe-then-replay: the bus subscription is taken BEFORE the replay read, so an event
 * stored while the replay runs either is in the read or wakes a later read; reads go by
 * the last delivered seq, and anything at or below it is dropped (dedupe by seq). Wake-ups
 * only say "something new"; the rows are the truth, so a lost, duplicated or reordered
 * wake-up costs at most one extra read and never an event.
 */
export interface FollowOptions {
  store: ConversationStore;
  bus: Bus;
  conversationId: string;
  /** The last seq the client has; replay starts after it. */
  since: number;
  /** Each stored event once, in seq order. */
  onEvent: (event: ServerEvent) => void;
  /** delta, typing and stop messages from any process. */
  onTransient?: ((message: Exclude<BusMessage, { type: 'appended' }>) => void) | undefined;
  /** A failed read (the store is down); reading is retried after `retryMs`. */
  onError?: ((error: unknown) => void) | undefined;
  /** Events per read. Default 200. */
  batch?: number | undefined;
  /** Pause before retrying a failed read. Default 500 ms. */
  retryMs?: number | undefined;
}

export interface Follower {
  /** The highest seq delivered so far. */
  readonly cursor: number;
  /** Resolves when the first replay is done (everything stored before the call delivered). */
  readonly replayed: Promise<void>;
  close(): void;
}

export function followConversation(options: FollowOptions): Follower {
  const { store, bus, conversationId, onEvent } = options;
  const batch = options.batch ?? 200;
  const retryMs = options.retryMs ?? 500;
  let cursor = Math.max(0, Math.trunc(options.since));
  let closed = false;
  let reading = false;
  let again = false;
  let retry: NodeJS.Timeout | undefined;
  let markReplayed: () => void = () => undefined;
  const replayed = new Promise<void>((resolve) => (markReplayed = resolve));

  async function readAll(): Promise<void> {
    for (;;) {
      const events = await store.read(conversationId, cursor, batch);
      for (const event of events) {
        if (closed) return;
        const seq = event.seq ?? 0;
        if (seq <= cursor) continue;
        cursor = seq;
        onEvent(event);
      }
      if (events.length < batch) return;
    }
  }

  function pump(): void {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    readAll().then(
      () => {
        reading = false;
        markReplayed();
        if (again) pump();
      },
      (error: unknown) => {
        reading = false;
        if (closed) return;
        options.onError?.(error);
        retry ??= setTimeout(() => {
          retry = undefined;
          pump();
        }, retryMs);
      },
    );
  }

  const unsubscribe = bus.subscribe(conversationId, (message) => {
    if (message.type === 'appended') {
      // seq 0: "re-read from where you are" (e.g. the bus reconnected and may have missed some).
      if (message.seq === 0 || message.seq > cursor) pump();
    } else options.onTransient?.(message);
  });
  pump();

  return {
    get cursor() {
      return cursor;
    },
    replayed,
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      unsubscribe();
      markReplayed();
    },
  };
}
