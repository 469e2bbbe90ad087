import type { ChatStatus } from "@chat/shared/contracts";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { chats } from "../schema";

/** Moves a chat to `status`; false when it already had it. */
export async function setChatStatus(tx: Executor, chatId: string, status: ChatStatus): Promise<boolean> {
  const rows = await tx
    .update(chats)
    .set({ status, updatedAt: sql`now()` })
    .where(and(eq(chats.id, chatId), ne(chats.status, status)))
    .returning({ id: chats.id });
  return rows.length === 1;
}
