import { sql } from "drizzle-orm";
import {
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

export const caseTargetType = pgEnum("case_target_type", ["message", "user", "chat"]);
export const caseStatus = pgEnum("case_status", ["open", "assigned", "closed"]);
export const caseAction = pgEnum("case_action", [
  "dismiss",
  "delete_message",
  "mute",
  "ban_from_chat",
  "freeze_chat",
]);
export const reportReason = pgEnum("report_reason", [
  "scam",
  "off_platform",
  "harassment",
  "spam",
  "inappropriate",
  "other",
]);

/** Reports, detector flags and automatic penalties on one target join one case until it closes. */
export const moderationCases = pgTable(
  "moderation_cases",
  {
    id: uuidPk(),
    targetType: caseTargetType("target_type").notNull(),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    messageId: uuid("message_id"),
    /** The reported user, or the sender of the reported message. */
    userId: userRef("user_id"),
    status: caseStatus("status").notNull().default("open"),
    assigneeId: userRef("assignee_id"),
    /** Detector categories seen on the target, in order of first sight. */
    flags: text("flags").array().notNull().default(sql`'{}'::text[]`),
    reportCount: integer("report_count").notNull().default(0),
    /** The reported message as it stood and the 20 messages before it, taken when the case opened. */
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    firstReportedAt: timestampTz("first_reported_at").notNull().defaultNow(),
    lastReportedAt: timestampTz("last_reported_at").notNull().defaultNow(),
    action: caseAction("action"),
    comment: text("comment"),
    resolvedBy: userRef("resolved_by"),
    resolvedAt: timestampTz("resolved_at"),
  },
  (table) => [
    /** One case per target while it is not closed; a null message or user id never collides in it. */
    uniqueIndex("moderation_cases_one_open_key")
      .on(
        table.targetType,
        table.chatId,
        sql`coalesce(${table.messageId}::text, '')`,
        sql`coalesce(${table.userId}, '')`,
      )
      .where(sql`${table.status} <> 'closed'`),
    index("moderation_cases_queue_idx").on(table.status, table.firstReportedAt, table.id),
    index("moderation_cases_chat_idx").on(table.chatId).where(sql`${table.status} <> 'closed'`),
  ],
);
export type ModerationCaseRow = typeof moderationCases.$inferSelect;

export const reports = pgTable(
  "reports",
  {
    id: uuidPk(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => moderationCases.id, { onDelete: "cascade" }),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    reporterId: userRef("reporter_id").notNull(),
    reason: reportReason("reason").notNull(),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (table) => [
    /** The same reporter on the same open target gets the same report back. */
    uniqueIndex("reports_case_reporter_key").on(table.caseId, table.reporterId),
  ],
);
export type ReportRow = typeof reports.$inferSelect;

/** A mute is in force while `until` is null or in the future: expiry needs no job. */
export const chatMutes = pgTable(
  "chat_mutes",
  {
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: userRef("user_id").notNull(),
    until: timestampTz("until"),
    reason: text("reason"),
    mutedBy: userRef("muted_by"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.chatId, table.userId] })],
);
export type ChatMuteRow = typeof chatMutes.$inferSelect;

/** A ban is in force while `until` is null or in the future; it refuses adding the user back. */
export const chatBans = pgTable(
  "chat_bans",
  {
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: userRef("user_id").notNull(),
    until: timestampTz("until"),
    reason: text("reason"),
    bannedBy: userRef("banned_by"),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.chatId, table.userId] })],
);
export type ChatBanRow = typeof chatBans.$inferSelect;

export const userBlocks = pgTable(
  "user_blocks",
  {
    blockerId: userRef("blocker_id").notNull(),
    blockedId: userRef("blocked_id").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.blockerId, table.blockedId] }),
    index("user_blocks_blocked_idx").on(table.blockedId, table.blockerId),
  ],
);
