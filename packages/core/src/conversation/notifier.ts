import type { Listener } from '../conversation.types.js';

/**
 * The batching rule: when to tell listeners about changes made now. It gets `flush`
 * and must call it once, later: per microtask (one network chunk carrying many events →
 * one notification), or `perFrame` (what conversations use, so a reply streaming token by
 * token notifies at most once per frame).
 */
export type Schedule = (flush: () => void) => void;

/** Notify at the end of the current task: every change made synchronously is seen at once. */
export const perMicrotask: Schedule = (flush) => {
  queueMicrotask(flush);
};

/** How long one frame lasts where there are no animation frames (Node): 16 ms. */
export const FRAME_MS = 16;

/**
 * At most one notification per animation frame (per 16 ms without
 * `requestAnimationFrame`, e.g. in Node), however fast deltas arrive: the first change
 * after a quiet spell is told at the end of the current task as with `perMicrotask`,
 * later ones wait for the next frame. One schedule per conversation (it keeps the time
 * of its last flush).
 */
export function perFrame(now: () => number = () => globalThis.performance.now()): Schedule {
  let last = -Infinity;
  return (flush) => {
    const run = (): void => {
      last = now();
      flush();
    };
    const wait = last + FRAME_MS - now();
    if (wait <= 0) queueMicrotask(run);
    else if (typeof globalThis.requestAnimationFrame === 'function') globalThis.requestAnimationFrame(run);
    else setTimeout(run, wait);
  };
}

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
