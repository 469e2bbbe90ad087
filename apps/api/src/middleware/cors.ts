import { isOriginListed } from "@chat/shared/env";
import { cors } from "hono/cors";

/**
 * CORS for the listed browser origins, mounted before authentication so a preflight is answered without a
 * token. Bearer tokens, not cookies, carry identity, so credentials stay off; the exposed headers are the
 * ones a client acts on (back-off, rate-limit budget, request correlation).
 */
export function allowOrigins(allowed: readonly string[]) {
  return cors({
    origin: (origin) => (isOriginListed(origin, allowed) ? origin : null),
    allowMethods: ["GET", "POST", "PATCH", "PUT", "DELETE"],
    allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
    exposeHeaders: [
      "Retry-After",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
      "X-Request-Id",
    ],
    maxAge: 600,
  });
}
