/** How many client events one conversation may send: a token bucket. */
export interface RateLimit {
  /** Tokens added per second (sustained events per second). */
  perSecond: number;
  /** Bucket size: events allowed in one burst. */
  burst: number;
}

/** The reference server's default: generous for a person typing, tight for a script. */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 100 };

export interface RateLimiter {
  /** Takes one token for `key`: 0 when allowed, else how long (ms) until a token is free. */
  take(key: string): number;
  /** Waits for a token in turn (callers queue in order); rejects once `maxQueued` are waiting. */
  acquire(key: string): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Tail of the `acquire` queue and its length. */
  queue: Promise<void>;
  waiting: number;
}

/** Thrown by `acquire` when too many events already wait for this key. */
export class RateLimitError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Too many events for this conversation');
  }
}

/**
 * Per-key token buckets. HTTP answers a refused `take` with 429 + `Retry-After`; the
 * WebSocket side `acquire`s instead, so frames are handled late but in order.
 *
 * @example
 * const limiter = createRateLimiter({ perSecond: 10, burst: 30 });
 * const wait = limiter.take(conversationId); // 0 → go ahead
 */
export function createRateLimiter(limit: RateLimit, options: { maxQueued?: number; now?: () => number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const maxQueued = options.maxQueued ?? 1000;
  const buckets = new Map<string, Bucket>();
  const perMs = limit.perSecond / 1000;

  const bucket = (key: string): Bucket => {
    const t = now();
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { tokens: limit.burst, at: t, queue: Promise.resolve(), waiting: 0 }));
    b.tokens = Math.min(limit.burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
    // Full, idle buckets are forgotten so the map does not grow with every conversation ever seen.
    if (buckets.size > 10_000) for (const [k, other] of buckets) if (other !== b && other.waiting === 0 && other.tokens + (t - other.at) * perMs >= limit.burst) buckets.delete(k);
    return b;
  };

  const take = (key: string): number => {
    const b = bucket(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perMs);
  };

  return {
    take,
    acquire(key) {
      const b = bucket(key);
      if (b.waiting >= maxQueued) return Promise.reject(new RateLimitError(Math.ceil(b.waiting / perMs)));
      b.waiting++;
      const turn = b.queue.then(async () => {
        for (let wait = take(key); wait > 0; wait = take(key)) await new Promise((resolve) => setTimeout(resolve, wait));
        b.waiting--;
      });
      b.queue = turn;
      return turn;
    },
  };
}
