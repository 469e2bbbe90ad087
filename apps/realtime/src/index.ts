import { migrateDatabase } from "@chat/db/migrate";
import { createLogger } from "@chat/shared/logger";
import { stopOnSignals } from "@chat/shared/shutdown";
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

stopOnSignals({
  logger,
  timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  stop: async () => {
    await handle.close();
    await deps.close();
  },
});
