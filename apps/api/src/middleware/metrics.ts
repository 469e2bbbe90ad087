import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../http/app-env";
import type { ApiMetrics } from "../metrics";

/** Labels by route pattern (never the raw path), so ids do not explode the label set. */
export function recordMetrics(metrics: ApiMetrics) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const stop = metrics.httpDuration.startTimer();
    try {
      await next();
    } finally {
      const handler = matchedRoutes(c)
        .filter((route) => route.method !== "ALL")
        .at(-1);
      stop({ method: c.req.method, route: handler?.path ?? "unmatched", status: String(c.res.status) });
    }
  });
}
