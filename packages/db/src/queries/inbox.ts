import { sql } from "drizzle-orm";
import type { Executor } from "../client";
import { outbox, processedEvents } from "../schema";

/**
 * Records that `consumer` processed `eventId`, in the caller's transaction. false: already processed,
 * so the caller skips the effect. A concurrent duplicate waits on the key until the first one commits.
 */
export async function claimEvent(tx: Executor, consumer: string, eventId: string): Promise<boolean> {
  const rows = await tx
    .insert(processedEvents)
    .values({ consumer, eventId })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return rows.length === 1;
}

export async function countProcessedEvents(db: Executor, consumer: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(processedEvents)
    .where(sql`${processedEvents.consumer} = ${consumer}`);
  return row?.count ?? 0;
}

/**
 * Forgets dedupe records and relayed outbox rows past their retention, a bounded batch at a time so no
 * long lock is held. Returns how many rows went; callers repeat while it is the full batch.
 */
export async function pruneEventHistory(
  db: Executor,
  input: { processedBefore: Date; publishedBefore: Date; batch: number },
): Promise<number> {
  const processed = await db.execute(sql`
    delete from ${processedEvents} where ctid in (
      select ctid from ${processedEvents} where ${processedEvents.processedAt} < ${input.processedBefore.toISOString()}::timestamptz
      limit ${input.batch})`);
  const published = await db.execute(sql`
    delete from ${outbox} where ctid in (
      select ctid from ${outbox} where ${outbox.publishedAt} < ${input.publishedBefore.toISOString()}::timestamptz
      limit ${input.batch})`);
  return Math.max(processed.count, published.count);
}
