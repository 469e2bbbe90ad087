import { createRoute, z } from "@hono/zod-openapi";
import type { Registry } from "prom-client";
import { createRouter, jsonResponse } from "../openapi";

export type ReadinessCheck = () => Promise<void>;

const Health = z.object({ status: z.literal("ok") });
const Readiness = z.object({
  status: z.enum(["ready", "unavailable"]),
  checks: z.record(z.string(), z.enum(["ok", "failed"])),
});

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["system"],
  summary: "Liveness",
  description: "Anyone. 200 while the process serves HTTP; it checks no dependency.",
  responses: { 200: jsonResponse(Health, "Alive") },
});

const readyRoute = createRoute({
  method: "get",
  path: "/ready",
  tags: ["system"],
  summary: "Readiness",
  description: "Anyone. Pings PostgreSQL and the bus (Redis in distributed mode); 503 when any fails.",
  responses: {
    200: jsonResponse(Readiness, "Every dependency answered"),
    503: jsonResponse(Readiness, "A dependency did not answer"),
  },
});

const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["system"],
  summary: "Prometheus metrics",
  description:
    "Anyone who can reach the port (keep it off the public ingress). Metrics are prefixed `chat_api_`.",
  responses: {
    200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } },
  },
});

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: ReadinessCheck): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS);
    check().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function systemRoutes(options: { checks: Record<string, ReadinessCheck>; registry: Registry }) {
  return createRouter()
    .openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200))
    .openapi(readyRoute, async (c) => {
      const names = Object.keys(options.checks);
      const results = await Promise.allSettled(
        names.map((name) => withTimeout(options.checks[name] ?? (async () => {}))),
      );
      const checks = Object.fromEntries(
        names.map((name, index) => [
          name,
          results[index]?.status === "fulfilled" ? ("ok" as const) : ("failed" as const),
        ]),
      );
      const ready = Object.values(checks).every((status) => status === "ok");
      return ready
        ? c.json({ status: "ready" as const, checks }, 200)
        : c.json({ status: "unavailable" as const, checks }, 503);
    })
    .openapi(metricsRoute, async (c) => {
      return c.text(await options.registry.metrics(), 200, { "content-type": options.registry.contentType });
    });
}
