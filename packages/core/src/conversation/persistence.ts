import { AttuneError, isAttuneError } from '../errors.js';
import type { AttuneErrorDetail } from '../errors.js';
import { parseClientEvent, parseServerEvent, PROTOCOL_VERSION } from '../protocol.js';
import type { StorageAdapter } from '../conversation.types.js';
import type { Message } from '../types.js';
import type { OutboxEntry } from './outbox.js';

/** What a conversation keeps in storage (small, plain JSON). */
export interface StoredConversation {
  v: 1;
  lastSeq: number;
  messages: Message[];
  outbox: OutboxEntry[];
}

/** Most messages kept in storage; older ones are dropped from the stored copy only. */
export const STORED_MESSAGES = 500;

/** How long incoming messages wait so a burst is stored in one write (ms). */
const LATER_MS = 250;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates what storage returned, as hostile as a wire event: another tab, an old
 * version or a browser extension may have written it. A bad message or outbox entry is
 * dropped (the rest of the transcript still renders) and reported in one `warning`.
 * Returns `undefined` when nothing was stored or the whole value is unreadable.
 */
export function readStored(value: unknown, warn: (error: AttuneError) => void): StoredConversation | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || value.v !== 1 || !Array.isArray(value.messages) || !Array.isArray(value.outbox)) {
    warn(new AttuneError('storage/corrupt', 'Stored conversation was unreadable; starting fresh'));
    return undefined;
  }
  const dropped: AttuneErrorDetail[] = [];
  const ids = new Set<string>();
  const messages: Message[] = [];
  value.messages.forEach((raw: unknown, i) => {
    const path = `messages[${i}]`;
    try {
      if (!isObject(raw) || typeof raw.kind !== 'string')
        throw new AttuneError('storage/corrupt', `${path}: not a message`, { details: [{ path, message: 'not a message' }] });
      parseServerEvent({ ...raw, v: PROTOCOL_VERSION, type: raw.kind });
      const message = raw as unknown as Message;
      if (ids.has(message.id)) throw new AttuneError('storage/corrupt', `${path}.id: duplicate`, { details: [{ path: 'id', message: 'duplicate' }] });
      ids.add(message.id);
      messages.push(message);
    } catch (error) {
      const detail = isAttuneError(error) ? error.details[0] : undefined;
      dropped.push({ path: detail ? `${path}.${detail.path}`.replace(/\.$/, '') : path, message: detail?.message ?? 'unreadable' });
    }
  });
  const outbox: OutboxEntry[] = [];
  value.outbox.forEach((raw: unknown, i) => {
    try {
      if (!isObject(raw) || typeof raw.since !== 'number') throw new Error('no since');
      outbox.push({ event: parseClientEvent(raw.event), since: raw.since });
    } catch {
      dropped.push({ path: `outbox[${i}]`, message: 'not a valid queued event' });
    }
  });
  if (dropped.length) {
    const list = dropped.map((d) => `${d.path}: ${d.message}`).join('; ');
    warn(new AttuneError('storage/corrupt', `Dropped ${dropped.length} unreadable stored item(s): ${list}`, { details: dropped }));
  }
  const lastSeq = Number.isInteger(value.lastSeq) && (value.lastSeq as number) >= 0 ? (value.lastSeq as number) : 0;
  return { v: 1, lastSeq, messages, outbox };
}

export interface PersistenceOptions {
  storage: StorageAdapter;
  key: string;
  signal: AbortSignal;
  /** What to store now. */
  current: () => StoredConversation;
  /**
   * Folds in what other tabs stored: called before each write with what storage holds
   * now (sync adapters only) and whenever the adapter reports a change by another tab.
   */
  merge: (stored: StoredConversation) => void;
  warn: (error: AttuneError) => void;
}

export interface Persistence {
  /** Reads storage once and hands the validated value to `apply`; returns a promise only while an async read is pending. */
  restore(apply: (stored: StoredConversation) => void): Promise<void> | undefined;
  /** Store at the end of this task (outbox changes: an event goes out only once stored). */
  soon(): void;
  /** Store a little later, in one write per burst (incoming messages: what is not yet stored is replayed). */
  later(): void;
  /** Writes a pending change now; resolves once the latest state is stored (`undefined` when it already is). */
  flushed(): Promise<void> | undefined;
  /** Writes what is pending, stops the timer and stops listening to other tabs. */
  dispose(): void;
}

/** Persistence of one conversation: validated restore, ordered writes, bursts coalesced. */
export function createPersistence({ storage, key, signal, current, merge, warn }: PersistenceOptions): Persistence {
  let reading: Promise<void> | undefined;
  let read = false;
  let writing: Promise<void> | undefined;
  let queued = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const mergeFrom = (value: unknown): void => {
    // Unreadable values were reported on restore; here they are just not merged.
    const stored = readStored(value, () => undefined);
    if (stored) merge(stored);
  };

  const write = (): void => {
    queued = false;
    const guard = (cause: unknown): void => {
      warn(isAttuneError(cause) ? cause : new AttuneError('storage/unavailable', 'Could not store the conversation', { cause }));
    };
    try {
      // Read-merge-write in one task: another tab's entries written since are kept.
      const there = storage.get(key);
      if (!(there instanceof Promise)) mergeFrom(there);
      const result = storage.set(key, current());
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

  const soon = (): void => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      if (queued) write();
    });
  };

  const unsubscribe = storage.subscribe?.(key, () => {
    if (signal.aborted) return;
    try {
      const value = storage.get(key);
      if (value instanceof Promise) void value.then(mergeFrom, () => undefined);
      else mergeFrom(value);
    } catch {
      // A failing read is reported by the next write.
    }
  });

  return {
    restore(apply) {
      if (reading !== undefined || read) return reading;
      const fail = (cause: unknown): void => {
        warn(new AttuneError('storage/unavailable', 'Could not read the stored conversation', { cause }));
      };
      const use = (value: unknown): void => {
        const stored = readStored(value, warn);
        if (stored) apply(stored);
      };
      try {
        const value = storage.get(key);
        if (value instanceof Promise) {
          return (reading = value
            .then(use)
            .catch(fail)
            .finally(() => {
              reading = undefined;
              read = true;
            }));
        }
        use(value);
      } catch (cause) {
        fail(cause);
      }
      read = true;
      return undefined;
    },
    soon,
    later() {
      if (timer !== undefined || signal.aborted) return;
      timer = setTimeout(() => {
        timer = undefined;
        soon();
      }, LATER_MS);
    },
    flushed() {
      if (queued) write();
      return writing;
    },
    dispose() {
      unsubscribe?.();
      if (queued || timer !== undefined) write();
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
