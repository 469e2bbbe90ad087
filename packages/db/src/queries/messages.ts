import type { Attachment, ChatType, Message, MessageType } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { chatMembers, chats, type MessageRow, messages } from "../schema";
import { toMessage } from "./mappers";
import { enqueueEvent } from "./outbox";

export interface AppendMessageInput {
  chatId: string;
  chatType: ChatType;
  senderId: string | null;
  type?: MessageType;
  content: string;
  clientMessageId?: string | null;
  replyToId?: string | null;
  attachments?: Attachment[];
}

export interface AppendedMessage {
  message: Message;
  /** false when clientMessageId named a message that already exists: that one is returned instead. */
  created: boolean;
}

/**
 * Appends a message inside the caller's transaction: allocates the chat's next seq under the chat row's
 * lock (so seqs are gap-free and in commit order), moves the sender's read mark, and writes the
 * chat.message.created outbox event. A repeated clientMessageId returns the first message.
 */
export async function appendMessage(tx: Executor, input: AppendMessageInput): Promise<AppendedMessage> {
  const clientMessageId = input.clientMessageId ?? null;
  if (clientMessageId && input.senderId) {
    const existing = await findByClientId(tx, input.chatId, input.senderId, clientMessageId);
    if (existing) return { message: toMessage(existing), created: false };
  }

  const id = newId();
  const [allocated] = await tx
    .update(chats)
    .set({
      lastSeq: sql`${chats.lastSeq} + 1`,
      lastMessageId: id,
      // now() is the transaction's start: a send that commits later must not move activity back.
      lastActivityAt: sql`greatest(${chats.lastActivityAt}, now())`,
      updatedAt: sql`now()`,
    })
    .where(eq(chats.id, input.chatId))
    .returning({ seq: chats.lastSeq });
  if (!allocated) throw new Error(`chat ${input.chatId} does not exist`);

  const [row] = await tx
    .insert(messages)
    .values({
      id,
      chatId: input.chatId,
      seq: allocated.seq,
      senderId: input.senderId,
      type: input.type ?? "text",
      content: input.content,
      clientMessageId,
      replyToId: input.replyToId ?? null,
      attachments: input.attachments ?? [],
      // Read after the chat lock is held, so createdAt follows seq order (now() is the transaction's start).
      createdAt: sql`clock_timestamp()`,
    })
    .onConflictDoNothing()
    .returning();

  if (!row) {
    // A concurrent send with the same clientMessageId committed first; we hold the chat lock, so
    // handing our seq back keeps the sequence gap-free.
    await tx
      .update(chats)
      .set({
        lastSeq: sql`${chats.lastSeq} - 1`,
        lastMessageId: sql`(select id from ${messages} where ${messages.chatId} = ${input.chatId} and ${messages.seq} = ${allocated.seq - 1})`,
      })
      .where(eq(chats.id, input.chatId));
    const existing = await findByClientId(tx, input.chatId, input.senderId ?? "", clientMessageId ?? "");
    if (!existing) throw new Error("message conflict without an existing message");
    return { message: toMessage(existing), created: false };
  }

  if (input.senderId) {
    await tx
      .update(chatMembers)
      .set({ lastReadSeq: sql`greatest(${chatMembers.lastReadSeq}, ${row.seq})` })
      .where(and(eq(chatMembers.chatId, input.chatId), eq(chatMembers.userId, input.senderId)));
  }
  const message = toMessage(row);
  await enqueueEvent(tx, "chat.message.created", { chatId: input.chatId, chatType: input.chatType, message });
  return { message, created: true };
}

async function findByClientId(
  db: Executor,
  chatId: string,
  senderId: string,
  clientMessageId: string,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.chatId, chatId),
        eq(messages.senderId, senderId),
        eq(messages.clientMessageId, clientMessageId),
      ),
    );
  return row;
}

export interface MessagePageInput {
  chatId: string;
  limit: number;
  before?: number;
  after?: number;
}

/**
 * Keyset pages over (chat_id, seq), always returned ascending. `after` walks forward (catch-up),
 * `before` walks back (history); with neither, the latest page. hasMore says the walk can go on.
 */
export async function listMessages(
  db: Executor,
  input: MessagePageInput,
): Promise<{ items: Message[]; hasMore: boolean }> {
  const forward = input.after !== undefined;
  const where = and(
    eq(messages.chatId, input.chatId),
    input.after !== undefined ? gt(messages.seq, input.after) : undefined,
    input.before !== undefined ? lt(messages.seq, input.before) : undefined,
  );
  const rows = await db
    .select()
    .from(messages)
    .where(where)
    .orderBy(forward ? asc(messages.seq) : desc(messages.seq))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  if (!forward) page.reverse();
  return { items: page.map(toMessage), hasMore };
}

export async function findMessage(
  db: Executor,
  chatId: string,
  messageId: string,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), eq(messages.id, messageId)));
  return row;
}
