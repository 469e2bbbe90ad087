import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { type OutboxRow, outbox } from "../schema";

/** Chat events, and everything else (notification fan-outs, and any unknown destination, which then fails). */
export type OutboxLane = "chat" | "fanout";

/**
 * Locks the oldest unpublished rows of one lane for the caller's transaction. The lanes are relayed side
 * by side, so a fan-out of notifications never queues chat events behind it. SKIP LOCKED lets several
 * relays share the table without sending a row twice at once, and reading by "unpublished" rather than
 * "id after the last one seen" never skips a row whose transaction committed late.
 */
export async function lockPendingOutbox(tx: Executor, lane: OutboxLane, limit: number): Promise<OutboxRow[]> {
  const inLane = lane === "chat" ? eq(outbox.destination, "chat") : ne(outbox.destination, "chat");
  return tx
    .select()
    .from(outbox)
    .where(and(inLane, isNull(outbox.publishedAt)))
    .orderBy(outbox.createdAt, outbox.id)
    .limit(limit)
    .for("update", { skipLocked: true });
}

export async function markOutboxPublished(tx: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(outbox)
    .set({ publishedAt: sql`now()`, attempts: sql`${outbox.attempts} + 1`, lastError: null })
    .where(and(inArray(outbox.id, ids), isNull(outbox.publishedAt)));
}

export async function recordOutboxFailure(tx: Executor, ids: string[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 1000) })
    .where(inArray(outbox.id, ids));
}

/** Unpublished rows and the age of the oldest, for the backlog and lag gauges. */
export async function outboxBacklog(db: Executor): Promise<{ pending: number; oldestAgeMs: number }> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*)::int`,
      oldestAgeMs: sql<number>`coalesce(extract(epoch from (now() - min(${outbox.createdAt}))) * 1000, 0)::float8`,
    })
    .from(outbox)
    .where(isNull(outbox.publishedAt));
  return { pending: row?.pending ?? 0, oldestAgeMs: row?.oldestAgeMs ?? 0 };
}
