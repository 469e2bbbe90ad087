import { text, timestamp, uuid } from "drizzle-orm/pg-core";

export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
export const timestampTz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
export const uuidPk = () => uuid("id").primaryKey();
/** User ids are auth-svc's opaque strings (≤ 64 chars), so they are text, not uuid. */
export const userRef = (name: string) => text(name);
