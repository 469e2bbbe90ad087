/*
 * The REST contracts built in SQL, so hot reads and the append return them without a second read or a
 * row mapping in JavaScript. `toMessage` and `toChat` in mappers.ts build the same shapes from Drizzle
 * rows; the tests of appendMessage and listChatsForUser hold the two together.
 */

/** ISO 8601 in UTC with milliseconds, as Date.toISOString writes it (the columns are timestamp(3)). */
export function isoSql(column: string): string {
  // The quoted colons are to_char literals; they also keep pgbench from reading `:MI` as a variable.
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.MS"Z"')`;
}

/** A Message from a messages row; a deleted one keeps its seq and metadata, not its content. */
export const messageJson = (row: string) => `json_build_object(
  'id', ${row}.id, 'chatId', ${row}.chat_id, 'seq', ${row}.seq, 'senderId', ${row}.sender_id, 'type', ${row}.type,
  'content', case when ${row}.deleted_at is null then ${row}.content else '' end,
  'clientMessageId', ${row}.client_message_id, 'replyToId', ${row}.reply_to_id,
  'attachments', case when ${row}.deleted_at is null then ${row}.attachments else '[]'::jsonb end,
  'flags', to_json(${row}.flags),
  'createdAt', ${isoSql(`${row}.created_at`)}, 'editedAt', ${isoSql(`${row}.edited_at`)},
  'deletedAt', ${isoSql(`${row}.deleted_at`)})`;

/** A ChatSummary from a chats row, the member's read mark and the last message's JSON. */
export const chatSummaryJson = (chat: string, lastReadSeq: string, lastMessage: string) => `json_build_object(
  'id', ${chat}.id, 'type', ${chat}.type, 'title', ${chat}.title, 'orderId', ${chat}.order_id,
  'ownerId', ${chat}.owner_id, 'status', ${chat}.status, 'frozen', ${chat}.frozen_at is not null,
  'lastSeq', ${chat}.last_seq,
  'lastActivityAt', ${isoSql(`${chat}.last_activity_at`)}, 'createdAt', ${isoSql(`${chat}.created_at`)},
  'lastReadSeq', ${lastReadSeq}, 'unreadCount', greatest(0, ${chat}.last_seq - ${lastReadSeq}),
  'lastMessage', ${lastMessage})`;
