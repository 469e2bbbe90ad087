import type { DbClient } from "@chat/db";
import {
  type Destination,
  lockPendingOutbox,
  markOutboxPublished,
  type OutboxLane,
  outboxBacklog,
  recordOutboxFailure,
} from "@chat/db/queries";
import type { CloudEventEnvelope } from "@chat/shared/contracts";
import type { Logger } from "@chat/shared/logger";
import { type EventQueue, errorText } from "@chat/shared/queue";
import type { WorkerMetrics } from "./metrics";

export interface OutboxRelayOptions {
  db: DbClient;
  queue: EventQueue;
  exchanges: Record<Destination, string>;
  batchSize: number;
  pollMs: number;
  maxBackoffMs?: number;
  logger: Logger;
  metrics: WorkerMetrics;
}

export interface OutboxRelay {
  /** Relay now instead of at the next poll (after a commit that wrote outbox rows). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * One batch of each lane per pass, chat events first: a chat event committed behind a fan-out of any size
 * waits for at most the one notification batch already in flight, never for the whole fan-out.
 */
const LANES: OutboxLane[] = ["chat", "fanout"];

interface BatchResult {
  locked: number;
  failed: number;
}

/**
 * Publishes outbox rows with publisher confirms. A batch is locked (FOR UPDATE SKIP LOCKED) in a
 * transaction held while it is published, and rows are marked only after their confirm: a crash or
 * failure leaves them unpublished for the next pass (at-least-once, with the event id kept stable for
 * consumers to dedupe). A pass where nothing could be published backs off exponentially instead of
 * hammering a broker that is down.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, queue, logger, metrics } = options;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  let running = true;
  let woken = false;
  let interrupt: (() => void) | null = null;
  let backlogCheckedAt = 0;

  /** A wakeable sleep ends early on wake() (or a wake during the last pass); back-off sleeps do not. */
  function sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        interrupt = null;
        if (wakeable) woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      interrupt = () => {
        if (!running || wakeable) done();
      };
      if (!running || (wakeable && woken)) done();
    });
  }

  async function publishRow(row: { destination: string; routingKey: string; event: unknown }) {
    const exchange = options.exchanges[row.destination as Destination];
    if (!exchange) throw new Error(`unknown outbox destination ${row.destination}`);
    await queue.publish(exchange, row.routingKey, row.event as CloudEventEnvelope);
  }

  async function relayBatch(lane: OutboxLane): Promise<BatchResult> {
    const confirmed: { destination: string; createdAt: Date }[] = [];
    const result = await db.db.transaction(async (tx) => {
      const rows = await lockPendingOutbox(tx, lane, options.batchSize);
      if (rows.length === 0) return { locked: 0, failed: 0 };
      const outcomes = await Promise.allSettled(rows.map(publishRow));
      const publishedIds: string[] = [];
      const failedIds: string[] = [];
      let firstError = "";
      outcomes.forEach((outcome, index) => {
        const row = rows[index];
        if (!row) return;
        if (outcome.status === "fulfilled") {
          publishedIds.push(row.id);
          confirmed.push(row);
        } else {
          failedIds.push(row.id);
          firstError ||= errorText(outcome.reason);
        }
      });
      await markOutboxPublished(tx, publishedIds);
      await recordOutboxFailure(tx, failedIds, firstError);
      if (failedIds.length)
        logger.warn({ failed: failedIds.length, err: firstError }, "outbox publish failed");
      return { locked: rows.length, failed: failedIds.length };
    });
    const now = Date.now();
    for (const row of confirmed) {
      metrics.published.inc({ destination: row.destination });
      metrics.relayLag.observe((now - row.createdAt.getTime()) / 1000);
    }
    metrics.publishFailures.inc(result.failed);
    return result;
  }

  async function refreshBacklog() {
    if (Date.now() - backlogCheckedAt < 1000) return;
    backlogCheckedAt = Date.now();
    try {
      const backlog = await outboxBacklog(db.db);
      metrics.backlog.set(backlog.pending);
      metrics.oldestAge.set(backlog.oldestAgeMs / 1000);
    } catch {}
  }

  async function loop() {
    let failures = 0;
    while (running) {
      const pass = { locked: 0, failed: 0, full: false };
      try {
        for (const lane of LANES) {
          const result = await relayBatch(lane);
          pass.locked += result.locked;
          pass.failed += result.failed;
          pass.full ||= result.locked === options.batchSize;
        }
        failures = pass.failed > 0 && pass.failed === pass.locked ? failures + 1 : 0;
      } catch (error) {
        failures += 1;
        logger.warn({ err: errorText(error) }, "outbox relay pass failed");
      }
      await refreshBacklog();
      if (!running) break;
      if (failures > 0) {
        await sleep(Math.min(maxBackoffMs, options.pollMs * 2 ** failures), false);
      } else if (!pass.full) {
        await sleep(options.pollMs, true);
      }
    }
  }

  const done = loop();
  return {
    wake() {
      woken = true;
      interrupt?.();
    },
    async stop() {
      running = false;
      interrupt?.();
      await done;
    },
  };
}
