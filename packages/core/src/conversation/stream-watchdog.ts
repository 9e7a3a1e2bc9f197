/**
 * Watches streaming replies: one that goes `timeoutMs` without growing (its server died,
 * or the connection is gone for longer than a reconnect) is reported through `stalled`
 * so it ends as `failed`, never as a half message that looks finished.
 */
export interface StreamWatchdog {
  /** The reply `id` is streaming and just grew (or started): its clock restarts. */
  alive: (id: string) => void;
  /** The reply `id` ended (final text, stopped, failed). */
  done: (id: string) => void;
  dispose: () => void;
}

export function createStreamWatchdog(timeoutMs: number, stalled: (id: string) => void): StreamWatchdog {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const done = (id: string): void => {
    const timer = timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    timers.delete(id);
  };
  return {
    alive(id) {
      done(id);
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          stalled(id);
        }, timeoutMs),
      );
    },
    done,
    dispose() {
      for (const id of [...timers.keys()]) done(id);
    },
  };
}
