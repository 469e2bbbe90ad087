import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../client";
import { chatMembers } from "../schema";

/** Which of these users are still active members of the chat: a realtime node re-checks after a bus outage. */
export async function findActiveMemberIds(
  db: Executor,
  chatId: string,
  userIds: string[],
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: chatMembers.userId })
    .from(chatMembers)
    .where(
      and(
        eq(chatMembers.chatId, chatId),
        inArray(chatMembers.userId, userIds),
        isNull(chatMembers.removedAt),
      ),
    );
  return rows.map((row) => row.userId);
}
