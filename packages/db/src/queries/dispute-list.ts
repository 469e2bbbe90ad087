import type { DisputeListItem, DisputeStatus } from "@chat/shared/contracts";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { chatMembers, chats, disputes } from "../schema";
import type { KeysetCursor } from "./keyset";
import { toDispute } from "./mappers";

/**
 * The dispute list, keyset-paged on (opened_at, id): open disputes oldest first, so the longest
 * waiting is taken first; resolved ones newest first. Each carries its order and the chat's moderator
 * (the earliest assigned, when there are several).
 */
export async function listDisputes(
  db: Executor,
  input: { status: DisputeStatus; limit: number; cursor: KeysetCursor | null },
): Promise<{ items: DisputeListItem[]; last: KeysetCursor | null }> {
  const ascending = input.status === "open";
  const after = input.cursor
    ? sql`(${disputes.openedAt}, ${disputes.id}) ${ascending ? sql`>` : sql`<`} (${input.cursor.at.toISOString()}::timestamptz, ${input.cursor.id}::uuid)`
    : undefined;
  const moderatorId = sql<string | null>`(
    select ${chatMembers.userId} from ${chatMembers}
    where ${chatMembers.chatId} = ${disputes.chatId} and ${chatMembers.role} = 'moderator'
      and ${chatMembers.removedAt} is null
    order by ${chatMembers.joinedAt}, ${chatMembers.userId} limit 1)`;
  const order = ascending ? asc : desc;
  const rows = await db
    .select({ dispute: disputes, orderId: chats.orderId, moderatorId })
    .from(disputes)
    .innerJoin(chats, eq(chats.id, disputes.chatId))
    .where(and(eq(disputes.status, input.status), after))
    .orderBy(order(disputes.openedAt), order(disputes.id))
    .limit(input.limit + 1);
  const items = rows
    .slice(0, input.limit)
    .map((row) => ({ ...toDispute(row.dispute), orderId: row.orderId, moderatorId: row.moderatorId }));
  const last = rows.length > input.limit ? rows[input.limit - 1]?.dispute : undefined;
  return { items, last: last ? { at: last.openedAt, id: last.id } : null };
}
