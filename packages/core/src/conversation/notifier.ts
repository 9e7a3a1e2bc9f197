import type { Listener } from '../conversation.types.js';

/**
 * The batching rule: when to tell listeners about changes made now. It gets `flush`
 * and must call it once, later. Per microtask today (one network chunk carrying many
 * events → one notification); a per-animation-frame rule can replace it once replies
 * stream token by token.
 */
export type Schedule = (flush: () => void) => void;

/** Notify at the end of the current task: every change made synchronously is seen at once. */
export const perMicrotask: Schedule = (flush) => {
  queueMicrotask(flush);
};

export interface Notifier {
  subscribe(listener: Listener): () => void;
  /** Something changed: notify once, by the batching rule. */
  changed(): void;
  /** Notify now, e.g. before the listeners go away on dispose. */
  flush(): void;
  /** Switches the batching rule; a pending notification keeps its old schedule. */
  setSchedule(schedule: Schedule): void;
  clear(): void;
}

/**
 * The one place listeners are told about changes. A throwing listener is reported
 * through `onError` and never stops the others.
 */
export function createNotifier(onError: (cause: unknown) => void, schedule: Schedule = perMicrotask): Notifier {
  const listeners = new Set<Listener>();
  let queued = false;
  const flush = (): void => {
    queued = false;
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (cause) {
        onError(cause);
      }
    }
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    changed() {
      if (queued) return;
      queued = true;
      schedule(() => {
        if (queued) flush();
      });
    },
    flush,
    setSchedule(next) {
      schedule = next;
    },
    clear: () => listeners.clear(),
  };
}
