import type { ChatStatus, ChatType, MemberRole } from "@chat/shared/contracts";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { chatMembers, chats } from "../schema";

export interface Membership {
  chatId: string;
  userId: string;
  role: MemberRole;
  lastReadSeq: number;
  chatType: ChatType;
  chatStatus: ChatStatus;
  ownerId: string | null;
  lastSeq: number;
}

/** The caller's active membership of a chat, with what authorization needs of the chat; null if none. */
export async function findMembership(
  db: Executor,
  chatId: string,
  userId: string,
): Promise<Membership | null> {
  const [row] = await db
    .select({
      chatId: chatMembers.chatId,
      userId: chatMembers.userId,
      role: chatMembers.role,
      lastReadSeq: chatMembers.lastReadSeq,
      chatType: chats.type,
      chatStatus: chats.status,
      ownerId: chats.ownerId,
      lastSeq: chats.lastSeq,
    })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .where(
      and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId), isNull(chatMembers.removedAt)),
    );
  return row ?? null;
}

/** Moves the read mark forward only, never past the chat's last seq; returns the mark and unread count. */
export async function markRead(
  db: Executor,
  input: { chatId: string; userId: string; seq: number },
): Promise<{ lastReadSeq: number; unreadCount: number } | null> {
  const [row] = await db
    .update(chatMembers)
    .set({
      lastReadSeq: sql`greatest(${chatMembers.lastReadSeq}, least(${input.seq}::bigint, ${chats.lastSeq}))`,
    })
    .from(chats)
    .where(
      and(
        eq(chats.id, chatMembers.chatId),
        eq(chatMembers.chatId, input.chatId),
        eq(chatMembers.userId, input.userId),
        isNull(chatMembers.removedAt),
      ),
    )
    .returning({ lastReadSeq: chatMembers.lastReadSeq, lastSeq: chats.lastSeq });
  if (!row) return null;
  return { lastReadSeq: row.lastReadSeq, unreadCount: Math.max(0, row.lastSeq - row.lastReadSeq) };
}

/** Adds members, or brings back removed ones, with the given role. Returns who was actually added. */
export async function addMembers(
  tx: Executor,
  chatId: string,
  members: { userId: string; role: MemberRole }[],
): Promise<{ userId: string; role: MemberRole; joinedAt: Date; lastReadSeq: number }[]> {
  if (members.length === 0) return [];
  return tx
    .insert(chatMembers)
    .values(members.map((member) => ({ chatId, userId: member.userId, role: member.role })))
    .onConflictDoUpdate({
      target: [chatMembers.chatId, chatMembers.userId],
      set: { removedAt: null, role: sql`excluded.role`, joinedAt: sql`now()` },
      setWhere: sql`${chatMembers.removedAt} is not null`,
    })
    .returning({
      userId: chatMembers.userId,
      role: chatMembers.role,
      joinedAt: chatMembers.joinedAt,
      lastReadSeq: chatMembers.lastReadSeq,
    });
}

/** Soft-removes members (the row keeps their read mark and history). Returns who was actually removed. */
export async function removeMembers(tx: Executor, chatId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .update(chatMembers)
    .set({ removedAt: sql`now()` })
    .where(
      and(
        eq(chatMembers.chatId, chatId),
        inArray(chatMembers.userId, userIds),
        isNull(chatMembers.removedAt),
      ),
    )
    .returning({ userId: chatMembers.userId });
  return rows.map((row) => row.userId);
}

/** Whether the user is or ever was a member of the chat (a removed member keeps their row). */
export async function wasMember(db: Executor, chatId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: chatMembers.userId })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)));
  return Boolean(row);
}
