import cluster, { type Worker } from "node:cluster";
import type { Logger } from "@chat/shared/logger";
import { stopOnSignals } from "@chat/shared/shutdown";

/** A worker that lived this long was healthy, so its death starts the back-off afresh. */
const STABLE_MS = 30_000;
const RESTART_FIRST_MS = 100;
const RESTART_MAX_MS = 10_000;

/**
 * Runs in the cluster primary: forks `count` api workers that share the listening port and serves nothing
 * itself. A worker that dies is replaced after a back-off that doubles while workers keep dying young, so a
 * crash loop does not spin. SIGTERM/SIGINT sends SIGTERM to every worker (each runs its own graceful shutdown)
 * and exits 0 once all stopped cleanly, or 1 when one did not or `timeoutMs` passed.
 */
export function superviseWorkers(options: { count: number; logger: Logger; timeoutMs: number }): void {
  const { logger } = options;
  /** Resolves true when the worker stopped cleanly: exit 0, or the SIGTERM it got before it ever listened. */
  const live = new Map<Worker, Promise<boolean>>();
  const restarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  let youngDeaths = 0;

  const fork = () => {
    const forkedMs = Date.now();
    const worker = cluster.fork();
    worker.once("online", () =>
      logger.info({ worker: worker.id, pid: worker.process.pid }, "api worker online"),
    );
    let listened = false;
    worker.once("listening", () => {
      listened = true;
    });
    const exited = new Promise<boolean>((resolve) => {
      worker.once("exit", (code, signal) => {
        live.delete(worker);
        resolve(code === 0 || (!listened && signal === "SIGTERM"));
        if (stopping) return;
        if (Date.now() - forkedMs >= STABLE_MS) youngDeaths = 0;
        const restartInMs = Math.min(RESTART_FIRST_MS * 2 ** youngDeaths, RESTART_MAX_MS);
        youngDeaths += 1;
        logger.error(
          { worker: worker.id, pid: worker.process.pid, code, signal, restartInMs },
          "api worker died; replacing it",
        );
        const timer = setTimeout(() => {
          restarts.delete(timer);
          fork();
        }, restartInMs);
        restarts.add(timer);
      });
    });
    live.set(worker, exited);
  };

  // The hard timeout in stopOnSignals exits without waiting: take the workers still running along.
  process.once("exit", () => {
    for (const worker of live.keys()) worker.process.kill("SIGKILL");
  });
  stopOnSignals({
    logger,
    timeoutMs: options.timeoutMs,
    stop: async () => {
      stopping = true;
      for (const timer of restarts) clearTimeout(timer);
      const clean = await Promise.all(
        [...live].map(([worker, exited]) => {
          worker.process.kill("SIGTERM");
          return exited;
        }),
      );
      if (clean.includes(false)) throw new Error("an api worker did not stop cleanly");
    },
  });
  logger.info({ workers: options.count }, "forking api workers");
  for (let index = 0; index < options.count; index += 1) fork();
}
