import type { DbClient } from "@chat/db";
import { pruneEventHistory } from "@chat/db/queries";
import type { Logger } from "@chat/shared/logger";
import { errorText } from "@chat/shared/queue";

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 5000;

/**
 * Keeps processed_events and relayed outbox rows from growing forever. Dedupe records outlive any
 * redelivery or dead-letter replay we expect (default 30 days); relayed rows are kept a while for audits.
 * Several workers may prune at once: the deletes are idempotent.
 */
export function startHistoryPruner(options: {
  db: DbClient;
  logger: Logger;
  processedRetentionDays: number;
  outboxRetentionDays: number;
  intervalMs?: number;
}): { stop(): void } {
  let running = false;
  const prune = async () => {
    if (running) return;
    running = true;
    try {
      const now = Date.now();
      const input = {
        processedBefore: new Date(now - options.processedRetentionDays * DAY_MS),
        publishedBefore: new Date(now - options.outboxRetentionDays * DAY_MS),
        batch: BATCH,
      };
      while ((await pruneEventHistory(options.db.db, input)) === BATCH) {}
    } catch (error) {
      options.logger.warn({ err: errorText(error) }, "event history pruning failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void prune(), options.intervalMs ?? 60 * 60 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
