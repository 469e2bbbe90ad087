import type { Role } from "@chat/shared/contracts";
import { inArray, sql } from "drizzle-orm";
import { type Executor, sqlOf } from "../client";
import { type User, users } from "../schema";

/**
 * A user becomes known by their first authenticated request: the token's name fills a missing one, and
 * the token's role replaces the stored one, so the projection holds the role of the latest token seen.
 */
export async function rememberUser(
  db: Executor,
  input: { id: string; name: string | null; role?: Role },
): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ id: input.id, name: input.name, role: input.role ?? null })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        name: sql`coalesce(${users.name}, excluded.name)`,
        role: sql`coalesce(excluded.role, ${users.role})`,
      },
      setWhere: sql`(${users.name} is null and excluded.name is not null)
        or (excluded.role is not null and ${users.role} is distinct from excluded.role)`,
    })
    .returning();
  if (row) return row;
  const [existing] = await db
    .select()
    .from(users)
    .where(inArray(users.id, [input.id]));
  if (!existing) throw new Error(`user ${input.id} vanished`);
  return existing;
}

/** memberIds may name users not seen yet: they become stubs whose profile fills in later. */
export async function ensureUsers(db: Executor, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  await db
    .insert(users)
    .values(unique.map((id) => ({ id })))
    .onConflictDoNothing();
}

export async function findUsers(db: Executor, ids: string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  return db.select().from(users).where(inArray(users.id, ids));
}

const BLOCKED_SQL =
  "select banned_at is not null or deleted_at is not null as blocked from users where id = $1";

/**
 * Whether a user is banned or deleted, null for a user not seen yet: one prepared statement, since every
 * socket upgrade and every expired cache entry of the api asks it.
 */
export async function isUserBlocked(db: Executor, userId: string): Promise<boolean | null> {
  const [row] = await sqlOf(db).unsafe<{ blocked: boolean }[]>(BLOCKED_SQL, [userId], { prepare: true });
  return row ? row.blocked : null;
}
