import type { DbClient } from "@chat/db";
import type { Bus } from "@chat/shared/bus";
import type { Logger } from "@chat/shared/logger";
import { startOpsServer } from "@chat/shared/ops";
import type { Presence } from "@chat/shared/presence";
import type { EventQueue, Subscription } from "@chat/shared/queue";
import type { Registry } from "prom-client";
import { topologyOf } from "./broker";
import type { WorkerConfig } from "./config";
import { createEventHandler, type HandlerContext } from "./consume";
import { notificationsConsumer } from "./consumers/notifications";
import { ordersConsumer } from "./consumers/orders";
import { usersConsumer } from "./consumers/users";
import { createWorkerMetrics } from "./metrics";
import { type OutboxRelay, startOutboxRelay } from "./outbox-relay";
import { startHistoryPruner } from "./prune";

export interface WorkerDeps {
  config: WorkerConfig;
  db: DbClient;
  bus: Bus;
  queue: EventQueue;
  presence: Presence;
  logger: Logger;
  registry: Registry;
}

export interface WorkerHandle {
  httpPort: number;
  /** Relays the outbox now rather than at the next poll; the api may call it after a commit. */
  wakeRelay(): void;
  close(): Promise<void>;
}

/**
 * Starts the worker on injected clients: health/ready/metrics over HTTP, the outbox relay, and the
 * users, orders and notifications consumers. Any number of workers may run against the same database
 * and broker. close() stops consuming and relaying; the clients stay open for their owner to close.
 */
export async function startWorker(deps: WorkerDeps): Promise<WorkerHandle> {
  const { config, db, bus, queue, presence, logger, registry } = deps;
  const topology = topologyOf(config);
  const metrics = createWorkerMetrics(registry);
  const http = await startOpsServer({
    host: config.HOST,
    port: config.WORKER_HTTP_PORT,
    portVariable: "WORKER_HTTP_PORT",
    registry,
    checks: { postgres: () => db.ping(), bus: () => bus.ping(), rabbitmq: () => queue.ping() },
    onFailure: (check, error) => logger.warn({ err: error, check }, "readiness check failed"),
  });
  const subscriptions: Subscription[] = [];
  let relay: OutboxRelay | undefined;
  const pruner = startHistoryPruner({
    db,
    logger,
    processedRetentionDays: config.PROCESSED_EVENTS_RETENTION_DAYS,
    outboxRetentionDays: config.OUTBOX_RETENTION_DAYS,
  });
  const close = async () => {
    pruner.stop();
    await Promise.allSettled(subscriptions.map((subscription) => subscription.cancel()));
    await relay?.stop();
    await http.close();
  };

  try {
    await queue.declareExchanges(topology.exchanges);
    const context: HandlerContext = { db, bus, logger, metrics, onCommitted: () => relay?.wake() };
    const handlers = {
      users: createEventHandler(usersConsumer(), context),
      orders: createEventHandler(ordersConsumer(), context),
      notifications: createEventHandler(notificationsConsumer({ presence }), context),
    };
    for (const consumer of topology.consumers) {
      subscriptions.push(
        await queue.consume({
          queue: consumer.queue,
          bindings: consumer.bindings,
          handle: handlers[consumer.name],
          onDeadLetter: () => metrics.deadLetters.inc({ queue: consumer.queue }),
        }),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  // Only once our own queues exist and are bound: an event published to an exchange before its queue
  // is declared is unroutable and silently dropped by the broker.
  relay = startOutboxRelay({
    db,
    queue,
    exchanges: topology.outbound,
    batchSize: config.OUTBOX_BATCH_SIZE,
    pollMs: config.OUTBOX_POLL_MS,
    logger,
    metrics,
  });
  logger.info({ httpPort: http.port, queues: topology.consumers.map((c) => c.queue) }, "worker started");
  return { httpPort: http.port, wakeRelay: () => relay?.wake(), close };
}
