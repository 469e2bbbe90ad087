import { loadEnvOrExit } from "@chat/shared/env";
import { formatBanner } from "./banner";
import { StandaloneEnv } from "./env";
import { startStandalone } from "./start";

const env = loadEnvOrExit(StandaloneEnv, process.env);
const handle = await startStandalone(env).catch((error: unknown) => {
  process.stderr.write(`chat-svc failed to start: ${error instanceof Error ? error.message : error}\n`);
  if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${String(error.cause)}\n`);
  process.exit(1);
});
process.stdout.write(formatBanner(handle));

let stopping = false;
/** Later signals are ignored: pnpm and tsx relay one Ctrl-C as several, and the deadline bounds the wait. */
async function stop(reason: string, exitCode: number) {
  if (stopping) return;
  stopping = true;
  handle.logger.info({ reason, timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutting down");
  const deadline = setTimeout(() => {
    handle.logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutdown timed out; exiting");
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  await handle.close();
  handle.logger.info("stopped; data is kept for the next start");
  process.exit(exitCode);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(signal, 0));
// A crash still stops the embedded PostgreSQL, which would otherwise outlive us and block the next start.
process.on("uncaughtException", (error) => {
  handle.logger.fatal({ err: error }, "uncaught exception");
  void stop("uncaughtException", 1);
});
