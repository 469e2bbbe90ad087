import { migrateDatabase } from "@chat/db/migrate";
import { createLogger } from "@chat/shared/logger";
import { stopOnSignals } from "@chat/shared/shutdown";
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
stopOnSignals({
  logger,
  timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  stop: async () => {
    await handle?.close();
    await closeWorkerDeps(deps);
  },
});

try {
  handle = await startWorker(deps);
} catch (error) {
  logger.fatal({ err: error }, "worker failed to start");
  await closeWorkerDeps(deps);
  process.exit(1);
}
