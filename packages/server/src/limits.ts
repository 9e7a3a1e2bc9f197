// Rate limits and caps, all on the monotonic clock (`performance.now()`), so a wall clock
// stepping back an hour never turns into an hour of 429s.
import { performance } from 'node:perf_hooks';

export interface RateLimit {
  /** Tokens added per second (sustained events per second). */
  perSecond: number;
  /** Bucket size: events allowed in one burst. */
  burst: number;
}

const monotonic = (): number => performance.now();

/** Per-key token buckets; `take` answers 0 (go ahead) or the wait in ms. Idle full buckets are forgotten. */
export function tokenBuckets(limit: RateLimit, now: () => number = monotonic, maxKeys = 100_000) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit.perSecond / 1000;
  return {
    take(key: string): number {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) {
          for (const [k, other] of buckets) if (other.tokens + (t - other.at) * perMs >= limit.burst) buckets.delete(k);
        }
        buckets.set(key, (b = { tokens: limit.burst, at: t }));
      }
      b.tokens = Math.min(limit.burst, b.tokens + Math.max(0, t - b.at) * perMs);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - b.tokens) / perMs);
    },
  };
}

/** Counts open connections per key and in total, refusing past either cap. */
export function connectionCaps(perKey: number, total: number) {
  const open = new Map<string, number>();
  let count = 0;
  return {
    /** A release function, or undefined when a cap is reached. */
    acquire(key: string): (() => void) | undefined {
      const mine = open.get(key) ?? 0;
      if (mine >= perKey || count >= total) return undefined;
      open.set(key, mine + 1);
      count++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        count--;
        const left = (open.get(key) ?? 1) - 1;
        if (left <= 0) open.delete(key);
        else open.set(key, left);
      };
    },
    get count() {
      return count;
    },
  };
}
