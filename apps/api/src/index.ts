import cluster from "node:cluster";
import { migrateDatabase } from "@chat/db/migrate";
import { createLogger, redactUrl } from "@chat/shared/logger";
import { stopOnSignals } from "@chat/shared/shutdown";
import { collectDefaultMetrics } from "prom-client";
import { createDeps } from "./deps";
import { type ApiEnv, loadApiEnv } from "./env";
import { startApi } from "./start";
import { superviseWorkers } from "./workers";

const env = loadApiEnv();
const workerId = cluster.worker?.id;
const logger = createLogger({
  name: "chat-api",
  level: env.LOG_LEVEL,
  base: { instance: env.INSTANCE_ID, ...(workerId === undefined ? {} : { worker: workerId }) },
});

// Workers never migrate: the primary did it once before forking them.
if (cluster.isPrimary && env.MIGRATE_ON_START) {
  await migrate(env).catch((error: unknown) => {
    logger.fatal({ err: error }, "api failed to migrate");
    process.exit(1);
  });
}
if (cluster.isPrimary && env.API_WORKERS > 1) {
  superviseWorkers({ count: env.API_WORKERS, logger, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
} else {
  await serve(env);
}

async function migrate(env: ApiEnv) {
  logger.info({ database: redactUrl(env.DATABASE_URL.replace(/\/\/[^@]*@/, "//")) }, "migrating");
  await migrateDatabase(env.DATABASE_URL);
}

async function serve(env: ApiEnv) {
  const deps = createDeps(env, logger);
  collectDefaultMetrics({ register: deps.registry, prefix: "chat_api_" });
  // Signals are handled from here on: a SIGTERM during boot (a worker the primary just forked) waits for it.
  const started = startApi(deps);
  stopOnSignals({
    logger,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    stop: async () => {
      await (await started).close();
      await deps.close();
    },
  });
  await started.catch(async (error: unknown) => {
    logger.fatal({ err: error }, "api failed to start");
    await deps.close();
    process.exit(1);
  });
}
