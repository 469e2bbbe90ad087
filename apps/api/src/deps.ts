import { createDbClient } from "@chat/db";
import { type Bus, createConfiguredRedisBus } from "@chat/shared/bus";
import type { Logger } from "@chat/shared/logger";
import { createRedisStore } from "@chat/shared/redis";
import { Registry } from "prom-client";
import type { ApiDeps } from "./app";
import type { ApiEnv } from "./env";

export interface BuiltDeps extends ApiDeps {
  bus: Bus;
  /** Closes what createDeps built, in reverse order. */
  close(): Promise<void>;
}

/** Distributed mode: PostgreSQL from DATABASE_URL; the rate limiter and the bus on REDIS_URL, or both on
 * Redis Cluster when REDIS_CLUSTER_NODES is set. */
export function createDeps(env: ApiEnv, logger: Logger): BuiltDeps {
  const registry = new Registry();
  const db = createDbClient(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX, applicationName: "chat-api" });
  const bus = createConfiguredRedisBus({
    url: env.REDIS_URL,
    clusterNodes: env.REDIS_CLUSTER_NODES,
    logger: logger.child({ component: "bus" }),
  });
  // On one node the limiter opens its own connection from the URL; a cluster's is built here and closed below.
  const clusterStore = env.REDIS_CLUSTER_NODES.length
    ? createRedisStore({
        url: env.REDIS_URL,
        clusterNodes: env.REDIS_CLUSTER_NODES,
        connectionName: "chat-api-ratelimit",
        redisOptions: { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      })
    : undefined;
  return {
    config: env,
    db,
    bus,
    logger,
    registry,
    redis: clusterStore ?? env.REDIS_URL,
    async close() {
      clusterStore?.disconnect();
      await bus.close().catch((error: unknown) => logger.warn({ err: error }, "bus close failed"));
      await db.close().catch((error: unknown) => logger.warn({ err: error }, "db close failed"));
    },
  };
}
