import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampTz, updatedAt } from "./columns";

/** Local projection of auth-svc users, fed by user.* events and by first authenticated requests. */
export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name"),
  avatarUrl: text("avatar_url"),
  bannedAt: timestampTz("banned_at"),
  deletedAt: timestampTz("deleted_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type User = typeof users.$inferSelect;
