import type { ChatDetail, ChatSummary, ChatType, MemberRole } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { type ChatRow, chatMembers, chats, disputes, messages, users } from "../schema";
import { toChat, toDispute, toMessage } from "./mappers";
import { addMembers } from "./members";
import { enqueueEvent } from "./outbox";
import { ensureUsers } from "./users";

export interface CreateChatInput {
  type: ChatType;
  title?: string | null;
  orderId?: string | null;
  ownerId: string | null;
  members: { userId: string; role: MemberRole }[];
}

/**
 * The key that makes a private chat unique per pair, whoever created it. JSON keeps any two ids apart
 * without a separator character (PostgreSQL text cannot hold NUL).
 */
export function pairKeyOf(a: string, b: string): string {
  return JSON.stringify([a, b].sort());
}

/**
 * Creates a chat with its members and the chat.created outbox event in the caller's transaction.
 * Private chats are unique per pair and deal chats per order: if one exists, it is returned with
 * created = false and nothing is written.
 */
export async function createChat(
  tx: Executor,
  input: CreateChatInput,
): Promise<{ chat: ChatRow; created: boolean }> {
  const memberIds = input.members.map((member) => member.userId);
  const pairKey =
    input.type === "private" && memberIds.length === 2
      ? pairKeyOf(memberIds[0] ?? "", memberIds[1] ?? "")
      : null;
  const [inserted] = await tx
    .insert(chats)
    .values({
      id: newId(),
      type: input.type,
      title: input.title ?? null,
      orderId: input.type === "deal" ? (input.orderId ?? null) : null,
      pairKey,
      ownerId: input.ownerId,
    })
    .onConflictDoNothing()
    .returning();

  if (!inserted) {
    const existing = pairKey
      ? await tx.select().from(chats).where(eq(chats.pairKey, pairKey))
      : await tx
          .select()
          .from(chats)
          .where(eq(chats.orderId, input.orderId ?? ""));
    if (!existing[0]) throw new Error("chat conflict without an existing chat");
    return { chat: existing[0], created: false };
  }

  await ensureUsers(tx, memberIds);
  await addMembers(tx, inserted.id, input.members);
  await enqueueEvent(tx, "chat.created", {
    chatId: inserted.id,
    type: inserted.type,
    memberIds,
    orderId: inserted.orderId,
  });
  return { chat: inserted, created: true };
}

export async function findChat(db: Executor, chatId: string): Promise<ChatRow | undefined> {
  const [row] = await db.select().from(chats).where(eq(chats.id, chatId));
  return row;
}

export async function findChatByOrder(db: Executor, orderId: string): Promise<ChatRow | undefined> {
  const [row] = await db.select().from(chats).where(eq(chats.orderId, orderId));
  return row;
}

/** The chat with its active members and open dispute. */
export async function getChatDetail(db: Executor, chatId: string): Promise<ChatDetail | null> {
  const chat = await findChat(db, chatId);
  if (!chat) return null;
  const [members, [openDispute]] = await Promise.all([
    db
      .select({
        userId: chatMembers.userId,
        role: chatMembers.role,
        lastReadSeq: chatMembers.lastReadSeq,
        joinedAt: chatMembers.joinedAt,
        name: users.name,
        avatarUrl: users.avatarUrl,
      })
      .from(chatMembers)
      .innerJoin(users, eq(users.id, chatMembers.userId))
      .where(and(eq(chatMembers.chatId, chatId), isNull(chatMembers.removedAt)))
      .orderBy(chatMembers.joinedAt, chatMembers.userId),
    db
      .select()
      .from(disputes)
      .where(and(eq(disputes.chatId, chatId), eq(disputes.status, "open"))),
  ]);
  return {
    ...toChat(chat),
    members: members.map((member) => ({ ...member, joinedAt: member.joinedAt.toISOString() })),
    openDispute: openDispute ? toDispute(openDispute) : null,
  };
}

interface ChatCursor {
  at: Date;
  id: string;
}

export function encodeChatCursor(cursor: ChatCursor): string {
  return Buffer.from(`${cursor.at.getTime()}:${cursor.id}`).toString("base64url");
}

/** Returns null for anything that is not a cursor we issued. */
export function decodeChatCursor(value: string): ChatCursor | null {
  const match = /^(\d{1,15}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
    Buffer.from(value, "base64url").toString(),
  );
  if (!match) return null;
  const atMs = Number(match[1]);
  // PostgreSQL rejects timestamps past year 9999 and a malformed uuid; either would be a 500, not a 400.
  if (atMs > MAX_CURSOR_MS) return null;
  return { at: new Date(atMs), id: match[2] ?? "" };
}

/** 9999-12-31T23:59:59.999Z */
const MAX_CURSOR_MS = 253_402_300_799_999;

/**
 * The member's chats, latest activity first, keyset-paginated on (last_activity_at, id). Unread is
 * chats.last_seq − the member's read mark: O(1) per chat.
 */
export async function listChatsForUser(
  db: Executor,
  input: { userId: string; limit: number; cursor?: ChatCursor | null },
): Promise<{ items: ChatSummary[]; nextCursor: string | null }> {
  const rows = await db
    .select({ chat: chats, lastReadSeq: chatMembers.lastReadSeq })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .where(
      and(
        eq(chatMembers.userId, input.userId),
        isNull(chatMembers.removedAt),
        input.cursor
          ? sql`(${chats.lastActivityAt}, ${chats.id}) < (${input.cursor.at.toISOString()}::timestamptz, ${input.cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(chats.lastActivityAt), desc(chats.id))
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit);
  // The last messages are read for the page only: joining them before the sort read one per chat the user is in.
  const lastMessageIds = page.flatMap((row) => (row.chat.lastMessageId ? [row.chat.lastMessageId] : []));
  const lastMessages = new Map(
    (lastMessageIds.length
      ? await db.select().from(messages).where(inArray(messages.id, lastMessageIds))
      : []
    ).map((message) => [message.id, message]),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) => {
      const lastMessage = row.chat.lastMessageId ? lastMessages.get(row.chat.lastMessageId) : undefined;
      return {
        ...toChat(row.chat),
        lastReadSeq: row.lastReadSeq,
        unreadCount: Math.max(0, row.chat.lastSeq - row.lastReadSeq),
        lastMessage: lastMessage ? toMessage(lastMessage) : null,
      };
    }),
    nextCursor:
      rows.length > input.limit && last
        ? encodeChatCursor({ at: last.chat.lastActivityAt, id: last.chat.id })
        : null,
  };
}
