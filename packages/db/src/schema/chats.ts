import { sql } from "drizzle-orm";
import { bigint, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, timestampTz, updatedAt, userRef, uuidPk } from "./columns";

export const chatType = pgEnum("chat_type", ["private", "group", "deal"]);
export const chatStatus = pgEnum("chat_status", ["open", "completed", "cancelled"]);

export const chats = pgTable(
  "chats",
  {
    id: uuidPk(),
    type: chatType("type").notNull(),
    title: text("title"),
    /** Deal chats: the marketplace order; unique so an order has exactly one chat. */
    orderId: text("order_id"),
    /** Private chats: the sorted member pair, unique so a pair has exactly one chat. */
    pairKey: text("pair_key"),
    ownerId: userRef("owner_id"),
    status: chatStatus("status").notNull().default("open"),
    /** The last allocated per-chat seq; incremented under the row lock of the sending transaction. */
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
    /** The last allocated per-chat version: every change to a message takes the next one under this row's lock. */
    lastVersion: bigint("last_version", { mode: "number" }).notNull().default(0),
    lastMessageId: uuid("last_message_id"),
    /** Active members, kept by triggers on chat_members in the changing transaction: O(1) to read and cap. */
    memberCount: integer("member_count").notNull().default(0),
    lastActivityAt: timestampTz("last_activity_at").notNull().defaultNow(),
    /** A frozen chat is read-only for all but its moderator and admins. */
    frozenAt: timestampTz("frozen_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("chats_order_id_key").on(table.orderId).where(sql`${table.orderId} is not null`),
    uniqueIndex("chats_pair_key_key").on(table.pairKey).where(sql`${table.pairKey} is not null`),
    index("chats_activity_idx").on(table.lastActivityAt.desc(), table.id.desc()),
  ],
);
export type ChatRow = typeof chats.$inferSelect;
