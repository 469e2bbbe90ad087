import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, timestampTz } from "./columns";

/** Transactional outbox: written in the same transaction as the change, relayed with publisher confirms. */
export const outbox = pgTable(
  "outbox",
  {
    /** The CloudEvent id, stable across retries so consumers can dedupe. */
    id: uuid("id").primaryKey(),
    /** Logical destination ("chat" | "notifications"); the relay maps it to the configured exchange. */
    destination: text("destination").notNull(),
    routingKey: text("routing_key").notNull(),
    event: jsonb("event").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    publishedAt: timestampTz("published_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (table) => [
    index("outbox_pending_idx").on(table.createdAt).where(sql`${table.publishedAt} is null`),
    /** The chat lane's own order, so its few rows are found without walking a notification fan-out. */
    index("outbox_pending_chat_idx")
      .on(table.createdAt)
      .where(sql`${table.publishedAt} is null and ${table.destination} = 'chat'`),
  ],
);
export type OutboxRow = typeof outbox.$inferSelect;

/** Consumer dedupe: an event id is recorded in the same transaction as its effect. */
export const processedEvents = pgTable(
  "processed_events",
  {
    consumer: text("consumer").notNull(),
    eventId: text("event_id").notNull(),
    processedAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.consumer, table.eventId] })],
);
