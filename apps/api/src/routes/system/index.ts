import { checkReadiness, Readiness, type ReadinessChecks } from "@chat/shared/ops";
import { createRoute, z } from "@hono/zod-openapi";
import type { Registry } from "prom-client";
import { anonymous, createRouter, jsonResponse, requestIdHeader } from "../openapi";

const Health = z.object({ status: z.literal("ok") });
const readyExample: Readiness = { status: "ready", checks: { postgres: "ok", bus: "ok" } };
const notReadyExample: Readiness = { status: "unavailable", checks: { postgres: "ok", bus: "failed" } };

const healthRoute = createRoute({
  method: "get",
  operationId: "getHealth",
  path: "/health",
  tags: ["system"],
  security: anonymous,
  summary: "Liveness",
  description: "Anyone. 200 while the process serves HTTP; it checks no dependency.",
  responses: { 200: jsonResponse(Health, "Alive", { status: "ok" }) },
});

const readyRoute = createRoute({
  method: "get",
  operationId: "getReadiness",
  path: "/ready",
  tags: ["system"],
  security: anonymous,
  summary: "Readiness",
  description: "Anyone. Pings PostgreSQL and the bus (Redis in distributed mode); 503 when any fails.",
  responses: {
    200: jsonResponse(Readiness, "Every dependency answered", readyExample),
    503: jsonResponse(Readiness, "A dependency did not answer", notReadyExample),
  },
});

const metricsRoute = createRoute({
  method: "get",
  operationId: "getMetrics",
  path: "/metrics",
  tags: ["system"],
  security: anonymous,
  summary: "Prometheus metrics",
  description:
    "Anyone who can reach the port (keep it off the public ingress). Metrics are prefixed `chat_api_`.",
  responses: {
    200: {
      description: "Prometheus text format",
      headers: requestIdHeader,
      content: {
        "text/plain": { schema: z.string(), example: "# TYPE chat_api_http_requests_total counter\n" },
      },
    },
  },
});

export function systemRoutes(options: { checks: ReadinessChecks; registry: Registry }) {
  return createRouter()
    .openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200))
    .openapi(readyRoute, async (c) => {
      const { httpStatus, body } = await checkReadiness({
        checks: options.checks,
        onFailure: (check, error) => c.get("logger").warn({ err: error, check }, "readiness check failed"),
      });
      return c.json(body, httpStatus);
    })
    .openapi(metricsRoute, async (c) => {
      return c.text(await options.registry.metrics(), 200, { "content-type": options.registry.contentType });
    });
}
