/** Retry timing: exponential growth capped at `maxMs`, with full jitter. */
export interface BackoffOptions {
  /** First delay's upper bound (ms). */
  baseMs?: number;
  /** Largest delay (ms). */
  maxMs?: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Full-jitter delay for retry number `attempt` (0-based): random in [0, min(max, base·2^attempt)). */
export function backoffDelay(attempt: number, { baseMs = 500, maxMs = 15_000, random = Math.random }: BackoffOptions = {}): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30)));
}

/** Resolves after `ms`, or at once (without rejecting) when `signal` aborts; leaves no timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
