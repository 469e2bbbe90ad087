import { AppError } from "@chat/shared/errors";
import { withTimeout } from "@chat/shared/timeout";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/app-env";
import type { ApiMetrics } from "../metrics";
import type { BucketPolicy, TokenBuckets } from "../rate-limit/bucket";

/** A store that does not answer in time lets the request through: a limiter outage must not stop chat. */
const STORE_TIMEOUT_MS = 500;

/** What a limiter counts: its bucket key prefix, metric label and the words of its 429. */
export interface RateLimitKind {
  name: "send" | "read";
  refusal: string;
}

/**
 * Token bucket per user and kind. Headers follow the IETF RateLimit fields draft: RateLimit-Limit is the
 * burst, RateLimit-Remaining the tokens left, RateLimit-Reset the seconds until the bucket is full.
 */
export function rateLimit(
  buckets: TokenBuckets,
  policy: BucketPolicy,
  metrics: ApiMetrics,
  kind: RateLimitKind,
) {
  const windowSec = Math.ceil(policy.burst / policy.ratePerSec);
  return createMiddleware<AppEnv>(async (c, next) => {
    const taken = buckets.take(`${kind.name}:${c.get("principal").userId}`, policy);
    const result = await withTimeout(taken, STORE_TIMEOUT_MS, "rate limiter").catch((error: unknown) => {
      metrics.rateLimiterFailures.inc();
      c.get("logger").warn({ err: error, kind: kind.name }, "rate limiter unavailable; allowing the request");
      return null;
    });
    if (result) {
      const headers = {
        "RateLimit-Limit": String(policy.burst),
        "RateLimit-Remaining": String(result.remaining),
        "RateLimit-Reset": String(Math.ceil(result.resetMs / 1000)),
        "RateLimit-Policy": `${policy.burst};w=${windowSec}`,
      };
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      if (!result.allowed) {
        metrics.rateLimited.inc({ kind: kind.name });
        throw new AppError("RATE_LIMITED", kind.refusal, {
          headers: { ...headers, "Retry-After": String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))) },
        });
      }
    }
    await next();
  });
}
