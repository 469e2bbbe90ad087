import { hostname } from "node:os";
import { createDbClient } from "@chat/db";
import { createConfiguredRedisBus } from "@chat/shared/bus";
import type { Logger } from "@chat/shared/logger";
import { createRedisPresence } from "@chat/shared/presence";
import { createAmqpQueue } from "@chat/shared/queue";
import { Registry } from "prom-client";
import { topologyOf } from "./broker";
import type { WorkerEnv } from "./env";
import type { WorkerDeps } from "./start";

/** Distributed mode: builds every client once, from the environment. */
export function createWorkerDeps(env: WorkerEnv, logger: Logger): WorkerDeps {
  const topology = topologyOf(env);
  const instance = env.INSTANCE_ID ?? `worker-${hostname()}-${process.pid}`;
  return {
    config: env,
    logger,
    registry: new Registry(),
    db: createDbClient(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX, applicationName: "chat-worker" }),
    bus: createConfiguredRedisBus({ url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES, logger }),
    presence: createRedisPresence({
      url: env.REDIS_URL,
      clusterNodes: env.REDIS_CLUSTER_NODES,
      nodeId: instance,
    }),
    queue: createAmqpQueue({
      url: env.RABBITMQ_URL,
      deadLetterExchange: topology.deadLetterExchange,
      deadLetterQueue: topology.deadLetterQueue,
      deliveryLimit: env.AMQP_DELIVERY_LIMIT,
      prefetch: env.AMQP_PREFETCH,
      retryBaseMs: env.AMQP_RETRY_BASE_MS,
      retryMaxMs: env.AMQP_RETRY_MAX_MS,
      publishTimeoutMs: env.AMQP_PUBLISH_TIMEOUT_MS,
      connectionName: instance,
      logger,
    }),
  };
}

/** Closes in the reverse order of creation: the queue first (waits for handlers), the database last. */
export async function closeWorkerDeps(deps: WorkerDeps): Promise<void> {
  await deps.queue.close().catch((error) => deps.logger.warn({ err: error }, "queue close failed"));
  await deps.presence.close().catch(() => {});
  await deps.bus.close().catch(() => {});
  await deps.db.close().catch(() => {});
}
