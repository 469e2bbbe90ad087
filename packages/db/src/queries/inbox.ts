import { sql } from "drizzle-orm";
import type { Executor } from "../client";
import { processedEvents } from "../schema";

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
