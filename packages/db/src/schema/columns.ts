import { text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Millisecond precision: a JS Date round-trips exactly, so keyset cursors built from it stay exact. */
export const timestampTz = (name: string) =>
  timestamp(name, { withTimezone: true, mode: "date", precision: 3 });
export const createdAt = () => timestampTz("created_at").notNull().defaultNow();
export const updatedAt = () => timestampTz("updated_at").notNull().defaultNow();
export const uuidPk = () => uuid("id").primaryKey();
/** User ids are auth-svc's opaque strings (≤ 64 chars), so they are text, not uuid. */
export const userRef = (name: string) => text(name);
