import { migrateDatabase } from "@chat/db/migrate";
import { createLogger } from "@chat/shared/logger";
import { collectDefaultMetrics } from "prom-client";
import { createDeps } from "./deps";
import { loadRealtimeEnv } from "./env";
import { startRealtime } from "./start";

const env = loadRealtimeEnv();
const logger = createLogger({
  name: "chat-realtime",
  level: env.LOG_LEVEL,
  base: { instance: env.INSTANCE_ID },
});

if (env.MIGRATE_ON_START) {
  logger.info("migrating");
  await migrateDatabase(env.DATABASE_URL);
}
const deps = createDeps(env, logger);
collectDefaultMetrics({ register: deps.registry, prefix: "chat_realtime_" });
const handle = await startRealtime(deps);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  const hardStop = setTimeout(() => {
    logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutdown timed out; exiting");
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS);
  hardStop.unref();
  await handle.close();
  await deps.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
