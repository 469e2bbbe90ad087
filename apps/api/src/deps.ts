import { createDbClient } from "@chat/db";
import { type Bus, createConfiguredRedisBus } from "@chat/shared/bus";
import type { Logger } from "@chat/shared/logger";
import { Registry } from "prom-client";
import type { ApiDeps } from "./app";
import type { ApiEnv } from "./env";

export interface BuiltDeps extends ApiDeps {
  bus: Bus;
  /** Closes what createDeps built, in reverse order. */
  close(): Promise<void>;
}

/** Distributed mode: PostgreSQL from DATABASE_URL, the rate limiter from REDIS_URL, the bus there
 * or on Redis Cluster (REDIS_CLUSTER_NODES). */
export function createDeps(env: ApiEnv, logger: Logger): BuiltDeps {
  const registry = new Registry();
  const db = createDbClient(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX, applicationName: "chat-api" });
  const bus = createConfiguredRedisBus({
    url: env.REDIS_URL,
    clusterNodes: env.REDIS_CLUSTER_NODES,
    logger: logger.child({ component: "bus" }),
  });
  return {
    config: env,
    db,
    bus,
    logger,
    registry,
    redis: env.REDIS_URL,
    async close() {
      await bus.close().catch((error: unknown) => logger.warn({ err: error }, "bus close failed"));
      await db.close().catch((error: unknown) => logger.warn({ err: error }, "db close failed"));
    },
  };
}
