import type { Logger } from "./logger";

/**
 * Stops a process once on SIGTERM or SIGINT: runs `stop` (close the app, then its clients), exits 0, or
 * exits 1 when `stop` fails or takes longer than `timeoutMs`. Repeated signals are ignored.
 */
export function stopOnSignals(options: {
  logger: Logger;
  timeoutMs: number;
  stop: () => Promise<void>;
}): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ signal }, "shutting down");
    const hardStop = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, "shutdown timed out; exiting");
      process.exit(1);
    }, options.timeoutMs);
    hardStop.unref();
    try {
      await options.stop();
      options.logger.info("stopped");
      process.exit(0);
    } catch (error) {
      options.logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
