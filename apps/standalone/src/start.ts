import { startApi } from "@chat/api";
import { createDbClient } from "@chat/db";
import type { EmbeddedPostgresHandle } from "@chat/db/embedded";
import { migrateDatabase } from "@chat/db/migrate";
import { startRealtime } from "@chat/realtime";
import { type Bus, createConfiguredRedisBus, createMemoryBus } from "@chat/shared/bus";
import { createLogger, type Logger } from "@chat/shared/logger";
import { createMemoryPresence, createRedisPresence, type Presence } from "@chat/shared/presence";
import { createAmqpQueue, createMemoryQueue, type EventQueue } from "@chat/shared/queue";
import { startWorker } from "@chat/worker";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { StandaloneEnv } from "./env";
import { DEFAULT_PG_DATA_DIR } from "./paths";

export interface StandaloneHandle {
  /** The interface every server listens on. */
  host: string;
  apiPort: number;
  realtimePort: number;
  realtimeHttpPort: number;
  workerHttpPort: number;
  /** Where the data lives: the embedded server's directory, or null when DATABASE_URL was given. */
  dataDir: string | null;
  /** The embedded PostgreSQL's port (127.0.0.1 only), or null when DATABASE_URL was given. */
  embeddedPgPort: number | null;
  close(): Promise<void>;
}

type Closer = { name: string; close: () => Promise<void> };

/**
 * The all-in-one process: one database, bus, queue, presence, logger and metrics registry shared by
 * api, realtime and worker. Started worker → realtime → api so that traffic arrives only when the
 * consumers are up; closed in reverse order, then the clients, then the embedded database.
 */
export async function startStandalone(
  env: StandaloneEnv,
  logger: Logger = createLogger({ name: "chat-svc", level: env.LOG_LEVEL, base: { mode: "standalone" } }),
): Promise<StandaloneHandle> {
  const closers: Closer[] = [];
  const closeAll = () => closeInReverse(closers, logger);
  try {
    let databaseUrl = env.DATABASE_URL;
    let dataDir: string | null = null;
    let embeddedPgPort: number | null = null;
    if (!databaseUrl) {
      dataDir = env.EMBEDDED_PG_DIR ?? DEFAULT_PG_DATA_DIR;
      const { startEmbeddedPostgres } = await importWithoutSignalHandlers(() => import("@chat/db/embedded"));
      const embedded: EmbeddedPostgresHandle = await startEmbeddedPostgres({
        dataDir,
        port: env.EMBEDDED_PG_PORT,
        onLog: (line) => logger.debug({ component: "embedded-postgres" }, line),
      });
      closers.push({ name: "embedded postgres", close: embedded.stop });
      databaseUrl = embedded.url;
      embeddedPgPort = Number(new URL(embedded.url).port);
    }
    await migrateDatabase(databaseUrl);

    const db = createDbClient(databaseUrl, {
      max: env.DATABASE_POOL_MAX,
      applicationName: "chat-standalone",
    });
    closers.push({ name: "database pool", close: db.close });
    const bus = createBus(env, logger);
    closers.push({ name: "bus", close: bus.close });
    const presence = createPresence(env);
    closers.push({ name: "presence", close: presence.close });
    const queue = createQueue(env, logger);
    closers.push({ name: "queue", close: queue.close });
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });

    const shared = { config: env, db, bus, queue, presence, registry };
    const worker = await startWorker({ ...shared, logger: logger.child({ app: "worker" }) });
    closers.push({ name: "worker", close: worker.close });
    const realtime = await startRealtime({ ...shared, logger: logger.child({ app: "realtime" }) });
    closers.push({ name: "realtime", close: realtime.close });
    const api = await startApi({ ...shared, redis: env.REDIS_URL, logger: logger.child({ app: "api" }) });
    closers.push({ name: "api", close: api.close });

    return {
      host: env.HOST,
      apiPort: api.port,
      realtimePort: realtime.port,
      realtimeHttpPort: realtime.httpPort,
      workerHttpPort: worker.httpPort,
      dataDir,
      embeddedPgPort,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function createBus(env: StandaloneEnv, logger: Logger): Bus {
  if (!env.REDIS_URL) return createMemoryBus();
  return createConfiguredRedisBus({ url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES, logger });
}

function createPresence(env: StandaloneEnv): Presence {
  if (!env.REDIS_URL) return createMemoryPresence({ ttlMs: env.PRESENCE_TTL_MS });
  return createRedisPresence({
    url: env.REDIS_URL,
    clusterNodes: env.REDIS_CLUSTER_NODES,
    nodeId: env.INSTANCE_ID ?? `standalone-${process.pid}`,
    ttlMs: env.PRESENCE_TTL_MS,
  });
}

function createQueue(env: StandaloneEnv, logger: Logger): EventQueue {
  const options = {
    deliveryLimit: env.AMQP_DELIVERY_LIMIT,
    prefetch: env.AMQP_PREFETCH,
    retryBaseMs: env.AMQP_RETRY_BASE_MS,
    retryMaxMs: env.AMQP_RETRY_MAX_MS,
    logger,
  };
  if (!env.RABBITMQ_URL) return createMemoryQueue(options);
  // The worker's topology names its dead-letter exchange and queue after the same prefix.
  const deadLetter = `${env.AMQP_QUEUE_PREFIX}.dead-letter`;
  return createAmqpQueue({
    ...options,
    url: env.RABBITMQ_URL,
    deadLetterExchange: deadLetter,
    deadLetterQueue: deadLetter,
    publishTimeoutMs: env.AMQP_PUBLISH_TIMEOUT_MS,
    connectionName: env.INSTANCE_ID ?? `standalone-${process.pid}`,
  });
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * embedded-postgres installs signal handlers at import (async-exit-hook) that stop the server and exit
 * with 128+n at once, racing the drain: in-flight sends would lose their database and the exit code
 * would not be 0. The entry's own handlers stop everything in order, the database last, instead.
 */
async function importWithoutSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}

/** Each step runs even if an earlier one failed, so one stuck client never keeps the database open. */
async function closeInReverse(closers: Closer[], logger: Logger): Promise<void> {
  for (const closer of closers.splice(0).reverse()) {
    try {
      await closer.close();
    } catch (error) {
      logger.error({ err: error, component: closer.name }, "close failed");
    }
  }
}
