import { Counter, Histogram, type Registry } from "prom-client";

export interface ApiMetrics {
  httpDuration: Histogram<"method" | "route" | "status">;
  messagesSent: Counter;
  busPublishFailures: Counter;
  rateLimited: Counter;
  rateLimiterFailures: Counter;
}

/** Reuses metrics already in the registry, so two apps (or two test apps) can share one registry. */
function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function createApiMetrics(registry: Registry): ApiMetrics {
  return {
    httpDuration: getOrCreate(
      registry,
      "chat_api_http_request_duration_seconds",
      () =>
        new Histogram({
          name: "chat_api_http_request_duration_seconds",
          help: "REST request duration by method, route pattern and status",
          labelNames: ["method", "route", "status"],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers: [registry],
        }),
    ),
    messagesSent: getOrCreate(
      registry,
      "chat_api_messages_sent_total",
      () =>
        new Counter({
          name: "chat_api_messages_sent_total",
          help: "Messages created by POST /chats/{id}/messages (idempotent repeats excluded)",
          registers: [registry],
        }),
    ),
    busPublishFailures: getOrCreate(
      registry,
      "chat_api_bus_publish_failures_total",
      () =>
        new Counter({
          name: "chat_api_bus_publish_failures_total",
          help: "Realtime frames not published after a committed write (clients recover them by seq)",
          registers: [registry],
        }),
    ),
    rateLimited: getOrCreate(
      registry,
      "chat_api_rate_limited_total",
      () =>
        new Counter({
          name: "chat_api_rate_limited_total",
          help: "Sends and reads refused with 429, by kind",
          labelNames: ["kind"],
          registers: [registry],
        }),
    ),
    rateLimiterFailures: getOrCreate(
      registry,
      "chat_api_rate_limiter_failures_total",
      () =>
        new Counter({
          name: "chat_api_rate_limiter_failures_total",
          help: "Rate limiter store errors (the request was allowed: the limiter fails open)",
          registers: [registry],
        }),
    ),
  };
}
