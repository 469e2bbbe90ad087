import { randomUUID } from "node:crypto";
import type pg from "pg";

/** Same columns and JSON shape as chat-svc's Message, so both put the same bytes on the wire. */
export interface MessageJson {
  id: string;
  chatId: string;
  seq: number;
  senderId: string | null;
  type: string;
  content: string;
  clientMessageId: string | null;
  replyToId: string | null;
  attachments: unknown[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

interface MessageRecord {
  id: string;
  chat_id: string;
  seq: string;
  sender_id: string | null;
  type: string;
  content: string;
  client_message_id: string | null;
  reply_to_id: string | null;
  attachments: unknown[];
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

export function toMessageJson(row: MessageRecord): MessageJson {
  return {
    id: row.id,
    chatId: row.chat_id,
    seq: Number(row.seq),
    senderId: row.sender_id,
    type: row.type,
    content: row.deleted_at ? "" : row.content,
    clientMessageId: row.client_message_id,
    replyToId: row.reply_to_id,
    attachments: row.attachments,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
    deletedAt: row.deleted_at?.toISOString() ?? null,
  };
}

export async function findMembership(pool: pg.Pool, chatId: string, userId: string) {
  const { rows } = await pool.query<{ type: string; last_seq: string }>(
    `SELECT c.type, c.last_seq FROM chat_members m JOIN chats c ON c.id = m.chat_id
     WHERE m.chat_id = $1 AND m.user_id = $2 AND m.removed_at IS NULL`,
    [chatId, userId],
  );
  return rows[0] ?? null;
}

/**
 * The send transaction chat-svc runs: membership, the next seq under the chat row lock, the message,
 * the sender's read mark and the outbox event, committed together. Returns null for a non-member.
 */
export async function insertMessage(
  pool: pg.Pool,
  input: { chatId: string; senderId: string; content: string; clientMessageId: string | null },
): Promise<MessageJson | null> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const member = await client.query<{ type: string }>(
      `SELECT c.type FROM chat_members m JOIN chats c ON c.id = m.chat_id
       WHERE m.chat_id = $1 AND m.user_id = $2 AND m.removed_at IS NULL`,
      [input.chatId, input.senderId],
    );
    const chatType = member.rows[0]?.type;
    if (!chatType) {
      await client.query("ROLLBACK");
      return null;
    }
    const id = randomUUID();
    const seqResult = await client.query<{ last_seq: string }>(
      `UPDATE chats SET last_seq = last_seq + 1, last_message_id = $2, last_activity_at = now(), updated_at = now()
       WHERE id = $1 RETURNING last_seq`,
      [input.chatId, id],
    );
    const seq = Number(seqResult.rows[0]?.last_seq);
    const inserted = await client.query<MessageRecord>(
      `INSERT INTO messages (id, chat_id, seq, sender_id, type, content, client_message_id)
       VALUES ($1, $2, $3, $4, 'text', $5, $6) RETURNING *`,
      [id, input.chatId, seq, input.senderId, input.content, input.clientMessageId],
    );
    await client.query(
      "UPDATE chat_members SET last_read_seq = greatest(last_read_seq, $3) WHERE chat_id = $1 AND user_id = $2",
      [input.chatId, input.senderId, seq],
    );
    const row = inserted.rows[0];
    if (!row) throw new Error("insert returned no row");
    const message = toMessageJson(row);
    const eventId = randomUUID();
    const event = {
      specversion: "1.0",
      id: eventId,
      source: "chat-svc",
      type: "chat.message.created",
      time: new Date().toISOString(),
      datacontenttype: "application/json",
      data: { chatId: input.chatId, chatType, message },
    };
    await client.query(
      "INSERT INTO outbox (id, destination, routing_key, event) VALUES ($1, 'chat', 'chat.message.created', $2)",
      [eventId, event],
    );
    await client.query("COMMIT");
    return message;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

export async function listMessagesBefore(pool: pg.Pool, chatId: string, before: number, limit: number) {
  const { rows } = await pool.query<MessageRecord>(
    "SELECT * FROM messages WHERE chat_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3",
    [chatId, before, limit + 1],
  );
  const page = rows.slice(0, limit).reverse();
  return { items: page.map(toMessageJson), hasMore: rows.length > limit };
}

export async function listChats(pool: pg.Pool, userId: string, limit: number) {
  const { rows } = await pool.query<{
    id: string;
    type: string;
    title: string | null;
    last_seq: string;
    last_activity_at: Date;
    last_read_seq: string;
    msg_id: string | null;
    msg_seq: string;
    msg_sender_id: string | null;
    msg_type: string;
    msg_content: string;
    msg_client_message_id: string | null;
    msg_reply_to_id: string | null;
    msg_attachments: unknown[];
    msg_created_at: Date;
    msg_edited_at: Date | null;
    msg_deleted_at: Date | null;
  }>(
    `SELECT c.id, c.type, c.title, c.last_seq, c.last_activity_at, m.last_read_seq,
       msg.id AS msg_id, msg.seq AS msg_seq, msg.sender_id AS msg_sender_id, msg.type AS msg_type,
       msg.content AS msg_content, msg.client_message_id AS msg_client_message_id,
       msg.reply_to_id AS msg_reply_to_id, msg.attachments AS msg_attachments,
       msg.created_at AS msg_created_at, msg.edited_at AS msg_edited_at, msg.deleted_at AS msg_deleted_at
     FROM chat_members m
     JOIN chats c ON c.id = m.chat_id
     LEFT JOIN messages msg ON msg.id = c.last_message_id
     WHERE m.user_id = $1 AND m.removed_at IS NULL
     ORDER BY c.last_activity_at DESC, c.id DESC
     LIMIT $2`,
    [userId, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    title: row.title,
    lastSeq: Number(row.last_seq),
    lastActivityAt: row.last_activity_at.toISOString(),
    lastReadSeq: Number(row.last_read_seq),
    unreadCount: Math.max(0, Number(row.last_seq) - Number(row.last_read_seq)),
    lastMessage: row.msg_id
      ? toMessageJson({
          id: row.msg_id,
          chat_id: row.id,
          seq: row.msg_seq,
          sender_id: row.msg_sender_id,
          type: row.msg_type,
          content: row.msg_content,
          client_message_id: row.msg_client_message_id,
          reply_to_id: row.msg_reply_to_id,
          attachments: row.msg_attachments,
          created_at: row.msg_created_at,
          edited_at: row.msg_edited_at,
          deleted_at: row.msg_deleted_at,
        })
      : null,
  }));
}
