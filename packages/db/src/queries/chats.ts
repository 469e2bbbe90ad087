import type { ChatDetail, ChatSummary, ChatType, MemberRole } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, eq } from "drizzle-orm";
import { type Executor, sqlOf } from "../client";
import { type ChatRow, chats, disputes } from "../schema";
import { chatSummaryJson, messageJson } from "./contract-json";
import { toChat, toDispute } from "./mappers";
import { listChatMembers, MEMBER_PREVIEW_LIMIT } from "./member-pages";
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
  const added = await addMembers(tx, inserted.id, input.members);
  await enqueueEvent(tx, "chat.created", {
    chatId: inserted.id,
    type: inserted.type,
    memberIds,
    orderId: inserted.orderId,
  });
  // The trigger counted the members after the row was returned; a new chat has exactly those added.
  return { chat: { ...inserted, memberCount: added.length }, created: true };
}

export async function findChat(db: Executor, chatId: string): Promise<ChatRow | undefined> {
  const [row] = await db.select().from(chats).where(eq(chats.id, chatId));
  return row;
}

export async function findChatByOrder(db: Executor, orderId: string): Promise<ChatRow | undefined> {
  const [row] = await db.select().from(chats).where(eq(chats.orderId, orderId));
  return row;
}

/** The chat with a preview of its active members (the first MEMBER_PREVIEW_LIMIT), their count and open dispute. */
export async function getChatDetail(db: Executor, chatId: string): Promise<ChatDetail | null> {
  const chat = await findChat(db, chatId);
  if (!chat) return null;
  const [preview, [openDispute]] = await Promise.all([
    listChatMembers(db, { chatId, limit: MEMBER_PREVIEW_LIMIT }),
    db
      .select()
      .from(disputes)
      .where(and(eq(disputes.chatId, chatId), eq(disputes.status, "open"))),
  ]);
  return {
    ...toChat(chat),
    members: preview.items,
    memberCount: chat.memberCount,
    membersCursor: preview.nextCursor,
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

/*
 * The member's page of chats in one prepared statement: the page is cut on the partial index of active
 * memberships before anything else is read, then each chat's last message is looked up by id (reading
 * last messages before the sort cost one per chat the user is in).
 */
const CHAT_PAGE_SQL = `
select ${chatSummaryJson("page", "page.last_read_seq", `(select ${messageJson("lm")} from messages lm where lm.id = page.last_message_id)`)} as summary
from (
  select c.*, m.last_read_seq from chat_members m join chats c on c.id = m.chat_id
  where m.user_id = $1 and m.removed_at is null and (c.last_activity_at, c.id) < ($2::timestamptz, $3::uuid)
  order by c.last_activity_at desc, c.id desc
  limit $4
) page
order by page.last_activity_at desc, page.id desc`;
const AFTER_EVERY_CURSOR = { at: "infinity", id: "ffffffff-ffff-ffff-ffff-ffffffffffff" };

/**
 * The member's chats, latest activity first, keyset-paginated on (last_activity_at, id). Unread is
 * chats.last_seq − the member's read mark: O(1) per chat.
 */
export async function listChatsForUser(
  db: Executor,
  input: { userId: string; limit: number; cursor?: ChatCursor | null },
): Promise<{ items: ChatSummary[]; nextCursor: string | null }> {
  const after = input.cursor
    ? { at: input.cursor.at.toISOString(), id: input.cursor.id }
    : AFTER_EVERY_CURSOR;
  const rows = await sqlOf(db).unsafe<{ summary: ChatSummary }[]>(
    CHAT_PAGE_SQL,
    [input.userId, after.at, after.id, input.limit + 1],
    { prepare: true },
  );
  const items = rows.slice(0, input.limit).map((row) => row.summary);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? encodeChatCursor({ at: new Date(last.lastActivityAt), id: last.id })
        : null,
  };
}
