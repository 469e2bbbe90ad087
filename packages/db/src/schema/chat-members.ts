import { sql } from "drizzle-orm";
import { bigint, index, integer, pgEnum, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { chats } from "./chats";
import { timestampTz, userRef } from "./columns";
import { users } from "./users";

export const memberRole = pgEnum("member_role", ["owner", "member", "moderator"]);

export const chatMembers = pgTable(
  "chat_members",
  {
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: userRef("user_id")
      .notNull()
      .references(() => users.id),
    role: memberRole("role").notNull().default("member"),
    /** Unread = chats.last_seq − last_read_seq: O(1) per chat, no counting of rows. Never moves back. */
    lastReadSeq: bigint("last_read_seq", { mode: "number" }).notNull().default(0),
    /** Mentions of this member after its read mark, kept in the writing transaction: O(1) like unread. */
    unreadMentionCount: integer("unread_mention_count").notNull().default(0),
    joinedAt: timestampTz("joined_at").notNull().defaultNow(),
    removedAt: timestampTz("removed_at"),
  },
  (table) => [
    primaryKey({ columns: [table.chatId, table.userId] }),
    index("chat_members_active_user_idx")
      .on(table.userId, table.chatId)
      .where(sql`${table.removedAt} is null`),
    /** Member pages walk a chat's active members in join order without sorting them all. */
    index("chat_members_active_join_idx")
      .on(table.chatId, table.joinedAt, table.userId)
      .where(sql`${table.removedAt} is null`),
  ],
);
export type ChatMemberRow = typeof chatMembers.$inferSelect;
