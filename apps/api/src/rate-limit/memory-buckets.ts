import { type BucketPolicy, resultOf, type TokenBuckets } from "./bucket";

/** The embedded-mode store: one process, so a Map is the whole truth. Full buckets are forgotten. */
export function createMemoryBuckets(now: () => number = Date.now): TokenBuckets {
  const buckets = new Map<string, { tokens: number; atMs: number; fullAfterMs: number }>();
  const sweep = setInterval(() => {
    for (const [key, bucket] of buckets) if (now() - bucket.atMs > bucket.fullAfterMs) buckets.delete(key);
  }, 60_000);
  sweep.unref();

  return {
    async take(key, policy: BucketPolicy) {
      const atMs = now();
      const previous = buckets.get(key) ?? { tokens: policy.burst, atMs };
      const refilled = Math.min(
        policy.burst,
        previous.tokens + ((atMs - previous.atMs) * policy.ratePerSec) / 1000,
      );
      const allowed = refilled >= 1;
      const tokens = allowed ? refilled - 1 : refilled;
      buckets.set(key, { tokens, atMs, fullAfterMs: (policy.burst * 1000) / policy.ratePerSec });
      return resultOf(policy, tokens, allowed);
    },
    async close() {
      clearInterval(sweep);
      buckets.clear();
    },
  };
}
