import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../http/app-env";
import type { ApiMetrics } from "../metrics";

/** The matched route pattern (never the raw path), so ids do not explode label sets or logs. */
function routePatternOf(c: Context): string {
  const handler = matchedRoutes(c)
    .filter((route) => route.method !== "ALL")
    .at(-1);
  return handler?.path ?? "unmatched";
}

/** Records the request duration histogram and writes one access log line per request. */
export function recordMetrics(metrics: ApiMetrics) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const startedMs = performance.now();
    try {
      await next();
    } finally {
      const durationMs = performance.now() - startedMs;
      const route = routePatternOf(c);
      const status = c.res.status;
      metrics.httpDuration.observe(
        { method: c.req.method, route, status: String(status) },
        durationMs / 1000,
      );
      c.get("logger")?.info(
        { method: c.req.method, route, status, durationMs: Math.round(durationMs * 10) / 10 },
        "request",
      );
    }
  });
}
