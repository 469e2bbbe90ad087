import { migrateDatabase } from "@chat/db/migrate";
import { createLogger, redactUrl } from "@chat/shared/logger";
import { stopOnSignals } from "@chat/shared/shutdown";
import { collectDefaultMetrics } from "prom-client";
import { createDeps } from "./deps";
import { loadApiEnv } from "./env";
import { startApi } from "./start";

const env = loadApiEnv();
const logger = createLogger({ name: "chat-api", level: env.LOG_LEVEL, base: { instance: env.INSTANCE_ID } });

const deps = createDeps(env, logger);
collectDefaultMetrics({ register: deps.registry, prefix: "chat_api_" });
const handle = await boot().catch(async (error: unknown) => {
  logger.fatal({ err: error }, "api failed to start");
  await deps.close();
  process.exit(1);
});

async function boot() {
  if (env.MIGRATE_ON_START) {
    logger.info({ database: redactUrl(env.DATABASE_URL.replace(/\/\/[^@]*@/, "//")) }, "migrating");
    await migrateDatabase(env.DATABASE_URL);
  }
  return startApi(deps);
}

stopOnSignals({
  logger,
  timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  stop: async () => {
    await handle.close();
    await deps.close();
  },
});
