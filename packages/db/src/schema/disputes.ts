import { sql } from "drizzle-orm";
import { index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { chats } from "./chats";
import { createdAt, timestampTz, userRef, uuidPk } from "./columns";

export const disputeStatus = pgEnum("dispute_status", ["open", "resolved"]);
export const disputeSource = pgEnum("dispute_source", ["chat", "marketplace"]);
export const disputeOutcome = pgEnum("dispute_outcome", [
  "refund_buyer",
  "release_to_seller",
  "partial_refund",
  "no_action",
]);

export const disputes = pgTable(
  "disputes",
  {
    id: uuidPk(),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    status: disputeStatus("status").notNull().default("open"),
    source: disputeSource("source").notNull(),
    reason: text("reason").notNull(),
    openedBy: userRef("opened_by"),
    outcome: disputeOutcome("outcome"),
    comment: text("comment"),
    resolvedBy: userRef("resolved_by"),
    openedAt: createdAt(),
    resolvedAt: timestampTz("resolved_at"),
  },
  (table) => [
    /** One open dispute per chat at a time. */
    uniqueIndex("disputes_one_open_key").on(table.chatId).where(sql`${table.status} = 'open'`),
    index("disputes_chat_idx").on(table.chatId, table.openedAt),
  ],
);
export type DisputeRow = typeof disputes.$inferSelect;

/** Append-only audit trail (a trigger refuses update and delete) of what moderators, admins and services did. */
export const moderationActions = pgTable(
  "moderation_actions",
  {
    id: uuidPk(),
    chatId: uuid("chat_id").references(() => chats.id, { onDelete: "set null" }),
    actorId: userRef("actor_id"),
    action: text("action").notNull(),
    targetId: text("target_id"),
    /** The user the act was about (muted, banned, reported), so the audit can be filtered by them. */
    targetUserId: userRef("target_user_id"),
    reason: text("reason"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (table) => [
    index("moderation_actions_chat_idx").on(table.chatId, table.createdAt),
    index("moderation_actions_created_idx").on(table.createdAt, table.id),
  ],
);
