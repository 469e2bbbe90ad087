import type { Member } from "@chat/shared/contracts";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { chatMembers, users } from "../schema";

/** A chat carries this many members; the rest are paged by GET /chats/{id}/members. */
export const MEMBER_PREVIEW_LIMIT = 100;

interface MemberCursor {
  /** joined_at to the microsecond, as PostgreSQL prints it: a millisecond Date would repeat or skip rows. */
  joinedAt: string;
  userId: string;
}

export function encodeMemberCursor(cursor: MemberCursor): string {
  return Buffer.from(JSON.stringify([cursor.joinedAt, cursor.userId])).toString("base64url");
}

/** Returns null for anything that is not a cursor we issued. */
export function decodeMemberCursor(value: string): MemberCursor | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString());
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [joinedAt, userId] = parsed;
  if (typeof joinedAt !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(joinedAt))
    return null;
  if (typeof userId !== "string" || userId.length === 0 || userId.length > 64 || userId.includes("\u0000"))
    return null;
  return { joinedAt, userId };
}

const joinedAtMicros = sql<string>`to_char(${chatMembers.joinedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const memberColumns = {
  userId: chatMembers.userId,
  role: chatMembers.role,
  lastReadSeq: chatMembers.lastReadSeq,
  joinedAt: chatMembers.joinedAt,
  name: users.name,
  avatarUrl: users.avatarUrl,
};

const toMember = (row: Omit<Member, "joinedAt"> & { joinedAt: Date }): Member => ({
  ...row,
  joinedAt: row.joinedAt.toISOString(),
});

/** A page of the chat's active members in join order, keyset-paginated on (joined_at, user_id). */
export async function listChatMembers(
  db: Executor,
  input: { chatId: string; limit: number; cursor?: MemberCursor | null },
): Promise<{ items: Member[]; nextCursor: string | null }> {
  const after = input.cursor
    ? sql`(${chatMembers.joinedAt}, ${chatMembers.userId}) > (${input.cursor.joinedAt}::timestamptz, ${input.cursor.userId})`
    : undefined;
  const rows = await db
    .select({ ...memberColumns, cursorAt: joinedAtMicros })
    .from(chatMembers)
    .innerJoin(users, eq(users.id, chatMembers.userId))
    .where(and(eq(chatMembers.chatId, input.chatId), isNull(chatMembers.removedAt), after))
    .orderBy(chatMembers.joinedAt, chatMembers.userId)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _, ...row }) => toMember(row)),
    nextCursor:
      rows.length > input.limit && last
        ? encodeMemberCursor({ joinedAt: last.cursorAt, userId: last.userId })
        : null,
  };
}

/** The named active members of a chat, with profiles: what member_added frames carry. */
export async function findChatMembers(db: Executor, chatId: string, userIds: string[]): Promise<Member[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select(memberColumns)
    .from(chatMembers)
    .innerJoin(users, eq(users.id, chatMembers.userId))
    .where(
      and(
        eq(chatMembers.chatId, chatId),
        inArray(chatMembers.userId, userIds),
        isNull(chatMembers.removedAt),
      ),
    )
    .orderBy(chatMembers.joinedAt, chatMembers.userId);
  return rows.map(toMember);
}
