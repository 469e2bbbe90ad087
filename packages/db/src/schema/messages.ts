import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
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

/** A reaction count on the message row, in order of first use. */
export interface ReactionCountJson {
  emoji: string;
  count: number;
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
    /** The chat's version at this message's last change (create, edit, delete, mask, reaction, pin). */
    version: bigint("version", { mode: "number" }).notNull().default(0),
    /** The root of the thread this message replies in; null for a top-level message. */
    threadId: uuid("thread_id"),
    /** On a thread root: kept in the transaction that writes each reply. */
    threadReplyCount: integer("thread_reply_count").notNull().default(0),
    threadLastReplyAt: timestampTz("thread_last_reply_at"),
    threadParticipants: text("thread_participants").array().notNull().default(sql`'{}'::text[]`),
    mentions: text("mentions").array().notNull().default(sql`'{}'::text[]`),
    /** Counts per emoji, kept in the transaction that adds or removes a reaction (message_reactions). */
    reactions: jsonb("reactions").$type<ReactionCountJson[]>().notNull().default([]),
    pinnedAt: timestampTz("pinned_at"),
    pinnedBy: userRef("pinned_by"),
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
    /** Serves `changedSince` and the reconnect replay of changed messages. */
    index("messages_chat_version_idx").on(table.chatId, table.version),
    /** Serves a thread's pages. */
    index("messages_thread_seq_idx")
      .on(table.chatId, table.threadId, table.seq)
      .where(sql`${table.threadId} is not null`),
    /** Serves `topLevel=true` pages. */
    uniqueIndex("messages_top_level_seq_key")
      .on(table.chatId, table.seq)
      .where(sql`${table.threadId} is null`),
    /** Serves the pin list and the 50-pin limit. */
    index("messages_pinned_idx").on(table.chatId, table.pinnedAt).where(sql`${table.pinnedAt} is not null`),
  ],
);
export type MessageRow = typeof messages.$inferSelect;

/** One row per user, message and emoji: the truth that `messages.reactions` counts. */
export const messageReactions = pgTable(
  "message_reactions",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: userRef("user_id").notNull(),
    emoji: text("emoji").notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.userId, table.emoji] })],
);

/** One row per mention: what `chat_members.unread_mention_count` is recounted from when a read mark moves. */
export const messageMentions = pgTable(
  "message_mentions",
  {
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: userRef("user_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.chatId, table.userId, table.seq] })],
);

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
