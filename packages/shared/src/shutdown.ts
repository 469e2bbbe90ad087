import { handleCrashes } from "./crash";
import type { Logger } from "./logger";

/**
 * Stops a process once on SIGTERM or SIGINT: runs `stop` (close the app, then its clients), exits 0, or
 * exits 1 when `stop` fails or takes longer than `timeoutMs`. Repeated signals are ignored. A crash stops it
 * the same way with exit code 1; a connection fault that no request awaited is survived (see crash.ts).
 */
export function stopOnSignals(options: {
  logger: Logger;
  timeoutMs: number;
  stop: () => Promise<void>;
}): void {
  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ reason }, "shutting down");
    const hardStop = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, "shutdown timed out; exiting");
      process.exit(1);
    }, options.timeoutMs);
    hardStop.unref();
    try {
      await options.stop();
      options.logger.info("stopped");
      process.exit(exitCode);
    } catch (error) {
      options.logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM", 0));
  process.on("SIGINT", () => void shutdown("SIGINT", 0));
  handleCrashes({ logger: options.logger, fatal: () => void shutdown("crash", 1) });
}
