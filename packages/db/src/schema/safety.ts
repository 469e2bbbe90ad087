import { sql } from "drizzle-orm";
import { bigint, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { chats } from "./chats";
import { createdAt, timestampTz, userRef, uuidPk } from "./columns";
import { messages } from "./messages";

export const ruleKind = pgEnum("rule_kind", ["word", "pattern", "domain"]);
export const ruleAction = pgEnum("rule_action", ["block", "mask", "flag"]);

/** Admin-managed content rules; every api node holds them in memory and reloads when the version moves. */
export const moderationRules = pgTable("moderation_rules", {
  id: uuidPk(),
  kind: ruleKind("kind").notNull(),
  value: text("value").notNull(),
  action: ruleAction("action").notNull(),
  /** null: every chat type. */
  chatTypes: text("chat_types").array(),
  note: text("note"),
  createdBy: userRef("created_by").notNull(),
  createdAt: createdAt(),
});
export type ModerationRuleRow = typeof moderationRules.$inferSelect;

/** One row whose version every rule change raises in its transaction, so a poll of one row sees any change. */
export const moderationRulesVersion = pgTable("moderation_rules_version", {
  id: integer("id").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull(),
});

/** Each message the safety policy flagged or masked: the count behind the automatic mute, and evidence. */
export const safetyFlags = pgTable(
  "safety_flags",
  {
    id: uuidPk(),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    senderId: userRef("sender_id").notNull(),
    categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
    ruleIds: uuid("rule_ids").array().notNull().default(sql`'{}'::uuid[]`),
    action: text("action").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("safety_flags_sender_idx").on(table.chatId, table.senderId, table.createdAt)],
);

/** When a chat last got the off-platform warning, so it gets at most one per 10 minutes. */
export const safetyWarnings = pgTable("safety_warnings", {
  chatId: uuid("chat_id")
    .primaryKey()
    .references(() => chats.id, { onDelete: "cascade" }),
  warnedAt: timestampTz("warned_at").notNull(),
});
