import type { Dispute } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, eq } from "drizzle-orm";
import type { Executor } from "../client";
import { disputes } from "../schema";
import { toDispute } from "./mappers";

/** Inserts the chat's open dispute; null when one is already open (a partial unique index allows one). */
export async function insertDispute(
  tx: Executor,
  input: { chatId: string; reason: string; openedBy: string | null; source: "chat" | "marketplace" },
): Promise<Dispute | null> {
  const [row] = await tx
    .insert(disputes)
    .values({
      id: newId(),
      chatId: input.chatId,
      reason: input.reason,
      openedBy: input.openedBy,
      source: input.source,
    })
    .onConflictDoNothing()
    .returning();
  return row ? toDispute(row) : null;
}

export async function findOpenDispute(db: Executor, chatId: string): Promise<Dispute | null> {
  const [row] = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.chatId, chatId), eq(disputes.status, "open")));
  return row ? toDispute(row) : null;
}
