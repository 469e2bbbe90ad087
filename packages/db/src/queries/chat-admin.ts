import { eq, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { type ChatRow, chats } from "../schema";

/** Reads the chat under its row lock, so membership and title changes to one chat run one at a time. */
export async function lockChat(tx: Executor, chatId: string): Promise<ChatRow | undefined> {
  const [row] = await tx.select().from(chats).where(eq(chats.id, chatId)).for("update");
  return row;
}

export async function setChatTitle(tx: Executor, chatId: string, title: string): Promise<void> {
  await tx.update(chats).set({ title, updatedAt: sql`now()` }).where(eq(chats.id, chatId));
}
