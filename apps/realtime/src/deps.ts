import { hostname } from "node:os";
import { createDbClient } from "@chat/db";
import { createConfiguredRedisBus } from "@chat/shared/bus";
import type { Logger } from "@chat/shared/logger";
import { createRedisPresence } from "@chat/shared/presence";
import { Registry } from "prom-client";
import type { RealtimeEnv } from "./env";
import type { RealtimeDeps } from "./start";

export interface BuiltDeps extends RealtimeDeps {
  /** Closes what createDeps built, in reverse order. */
  close(): Promise<void>;
}

/** Distributed mode: PostgreSQL from DATABASE_URL; presence and the bus on REDIS_URL, or both on Redis
 * Cluster when REDIS_CLUSTER_NODES is set. */
export function createDeps(env: RealtimeEnv, logger: Logger): BuiltDeps {
  const registry = new Registry();
  const db = createDbClient(env.DATABASE_URL, {
    max: env.DATABASE_POOL_MAX,
    applicationName: "chat-realtime",
  });
  const bus = createConfiguredRedisBus({
    url: env.REDIS_URL,
    clusterNodes: env.REDIS_CLUSTER_NODES,
    logger: logger.child({ component: "bus" }),
  });
  const presence = createRedisPresence({
    url: env.REDIS_URL,
    clusterNodes: env.REDIS_CLUSTER_NODES,
    nodeId: env.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    ttlMs: env.PRESENCE_TTL_MS,
  });
  return {
    config: env,
    db,
    bus,
    presence,
    logger,
    registry,
    async close() {
      await presence.close().catch((error: unknown) => logger.warn({ err: error }, "presence close failed"));
      await bus.close().catch((error: unknown) => logger.warn({ err: error }, "bus close failed"));
      await db.close().catch((error: unknown) => logger.warn({ err: error }, "db close failed"));
    },
  };
}
