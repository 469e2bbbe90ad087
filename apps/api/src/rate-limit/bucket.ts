export interface BucketPolicy {
  ratePerSec: number;
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this take. */
  remaining: number;
  /** How long until one token is available again (0 when allowed). */
  retryAfterMs: number;
  /** How long until the bucket is full again. */
  resetMs: number;
}

/** A token bucket per key: `take` removes one token if there is one, refilling at the given policy. */
export interface TokenBuckets {
  take(key: string, policy: BucketPolicy): Promise<TakeResult>;
  close(): Promise<void>;
}

export function resultOf(policy: BucketPolicy, tokens: number, allowed: boolean): TakeResult {
  return {
    allowed,
    remaining: Math.max(0, Math.floor(tokens)),
    retryAfterMs: allowed ? 0 : Math.ceil(((1 - tokens) * 1000) / policy.ratePerSec),
    resetMs: Math.ceil(((policy.burst - tokens) * 1000) / policy.ratePerSec),
  };
}
