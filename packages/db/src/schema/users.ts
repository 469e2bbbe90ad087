import { pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampTz, updatedAt } from "./columns";

/** A user's role as their latest token stated it; null until the user makes an authenticated request. */
export const userRole = pgEnum("user_role", ["user", "moderator", "admin"]);

/** Local projection of auth-svc users, fed by user.* events and by first authenticated requests. */
export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name"),
  avatarUrl: text("avatar_url"),
  role: userRole("role"),
  bannedAt: timestampTz("banned_at"),
  deletedAt: timestampTz("deleted_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type User = typeof users.$inferSelect;
