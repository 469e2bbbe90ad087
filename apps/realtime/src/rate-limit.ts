/** A token bucket's state, kept as two fields of the socket it limits. */
export interface BucketState {
  tokens: number;
  refilledAtMs: number;
}

/** Takes a token if one is left: `ratePerSec` sustained, bursts of `burst`. A zero refilledAtMs is a full bucket. */
export function takeToken(bucket: BucketState, ratePerSec: number, burst: number): boolean {
  const now = Date.now();
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAtMs) / 1000) * ratePerSec);
  bucket.refilledAtMs = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
