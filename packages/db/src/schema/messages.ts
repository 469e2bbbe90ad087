import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { chats } from "./chats";
import { createdAt, timestampTz, userRef, uuidPk } from "./columns";

export const messageType = pgEnum("message_type", ["text", "system"]);
/** What replaced a kept version: the sender's edit, a deletion, or a mask by the content rules. */
export const messageChange = pgEnum("message_change", ["edit", "delete", "mask"]);
export type MessageChange = (typeof messageChange.enumValues)[number];

export interface AttachmentJson {
  url: string;
  name: string;
  contentType: string;
  size: number;
}

export const messages = pgTable(
  "messages",
  {
    id: uuidPk(),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    senderId: userRef("sender_id"),
    type: messageType("type").notNull().default("text"),
    content: text("content").notNull(),
    clientMessageId: text("client_message_id"),
    replyToId: uuid("reply_to_id"),
    attachments: jsonb("attachments").$type<AttachmentJson[]>().notNull().default([]),
    /** Safety categories the detector found (SafetyCategory), whatever the policy did. */
    flags: text("flags").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    editedAt: timestampTz("edited_at"),
    deletedAt: timestampTz("deleted_at"),
  },
  (table) => [
    /** Serves keyset pages (before/after seq) and catch-up replays. */
    uniqueIndex("messages_chat_seq_key").on(table.chatId, table.seq),
    uniqueIndex("messages_client_id_key")
      .on(table.chatId, table.senderId, table.clientMessageId)
      .where(sql`${table.clientMessageId} is not null`),
    index("messages_reply_to_idx").on(table.replyToId).where(sql`${table.replyToId} is not null`),
  ],
);
export type MessageRow = typeof messages.$inferSelect;

/** Every edit, deletion and mask keeps the text it replaced: the versions moderators see. */
export const messageEdits = pgTable(
  "message_edits",
  {
    id: uuidPk(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    editorId: userRef("editor_id"),
    previousContent: text("previous_content").notNull(),
    change: messageChange("change").notNull().default("edit"),
    editedAt: createdAt(),
  },
  (table) => [index("message_edits_message_idx").on(table.messageId, table.editedAt)],
);
