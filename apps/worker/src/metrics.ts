import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** Named chat_worker_* so api, realtime and worker can share one registry in embedded mode. */
export function createWorkerMetrics(registry: Registry) {
  const registers = [registry];
  return {
    events: new Counter({
      name: "chat_worker_events_total",
      help: "Consumed events by consumer and outcome (processed, duplicate, invalid, failed)",
      labelNames: ["consumer", "outcome"] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: "chat_worker_dead_letters_total",
      help: "Messages parked in the dead-letter queue, by queue",
      labelNames: ["queue"] as const,
      registers,
    }),
    eventLag: new Histogram({
      name: "chat_worker_event_lag_seconds",
      help: "Time from an event's CloudEvents time to its effect committed, by consumer",
      labelNames: ["consumer"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    published: new Counter({
      name: "chat_worker_outbox_published_total",
      help: "Outbox events published with a broker confirm",
      labelNames: ["destination"] as const,
      registers,
    }),
    publishFailures: new Counter({
      name: "chat_worker_outbox_publish_failures_total",
      help: "Outbox publishes that were nacked, timed out or failed",
      registers,
    }),
    relayLag: new Histogram({
      name: "chat_worker_outbox_relay_lag_seconds",
      help: "Time from the outbox write to the broker confirm",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    backlog: new Gauge({
      name: "chat_worker_outbox_backlog",
      help: "Outbox rows not yet published",
      registers,
    }),
    oldestAge: new Gauge({
      name: "chat_worker_outbox_oldest_age_seconds",
      help: "Age of the oldest unpublished outbox row",
      registers,
    }),
  };
}
export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
