import { migrateDatabase } from "@chat/db/migrate";
import { createLogger } from "@chat/shared/logger";
import { collectDefaultMetrics } from "prom-client";
import { closeWorkerDeps, createWorkerDeps } from "./deps";
import { loadWorkerEnv } from "./env";
import { startWorker, type WorkerHandle } from "./start";

const env = loadWorkerEnv();
const logger = createLogger({ name: "worker", level: env.LOG_LEVEL, base: { instance: env.INSTANCE_ID } });
if (env.MIGRATE_ON_START) await migrateDatabase(env.DATABASE_URL);
const deps = createWorkerDeps(env, logger);
collectDefaultMetrics({ register: deps.registry, prefix: "chat_worker_" });

let handle: WorkerHandle | undefined;
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping");
  const timer = setTimeout(() => {
    logger.error("shutdown timed out");
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS);
  timer.unref();
  try {
    await handle?.close();
    await closeWorkerDeps(deps);
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

try {
  handle = await startWorker(deps);
} catch (error) {
  logger.fatal({ err: error }, "worker failed to start");
  await closeWorkerDeps(deps);
  process.exit(1);
}
