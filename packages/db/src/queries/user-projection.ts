import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { chatMembers, users } from "../schema";

export interface UserProfileInput {
  id: string;
  /** undefined: not in the event, keep what we have; null: cleared upstream. */
  name?: string | null;
  avatarUrl?: string | null;
}

/** Upserts the projection from user.created/updated; fields the event does not carry are kept. */
export async function upsertUserProfile(tx: Executor, input: UserProfileInput): Promise<void> {
  const changes: Partial<typeof users.$inferInsert> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.avatarUrl !== undefined) changes.avatarUrl = input.avatarUrl;
  const insert = tx.insert(users).values({ id: input.id, ...changes });
  if (Object.keys(changes).length === 0) {
    await insert.onConflictDoNothing();
    return;
  }
  await insert.onConflictDoUpdate({ target: users.id, set: { ...changes, updatedAt: sql`now()` } });
}

/** Sets banned_at once; a repeated ban keeps the first time. */
export async function banUser(tx: Executor, userId: string): Promise<void> {
  await tx
    .insert(users)
    .values({ id: userId, bannedAt: sql`now()` })
    .onConflictDoUpdate({
      target: users.id,
      set: { bannedAt: sql`coalesce(${users.bannedAt}, now())`, updatedAt: sql`now()` },
    });
}

/**
 * Marks the user deleted, drops their profile data and ends every active membership (messages stay,
 * with their sender id, as the chats' history). Returns the chats they were removed from.
 */
export async function deleteUser(tx: Executor, userId: string): Promise<string[]> {
  await tx
    .insert(users)
    .values({ id: userId, deletedAt: sql`now()` })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        deletedAt: sql`coalesce(${users.deletedAt}, now())`,
        name: null,
        avatarUrl: null,
        updatedAt: sql`now()`,
      },
    });
  const removed = await tx
    .update(chatMembers)
    .set({ removedAt: sql`now()` })
    .where(and(eq(chatMembers.userId, userId), isNull(chatMembers.removedAt)))
    .returning({ chatId: chatMembers.chatId });
  return removed.map((row) => row.chatId);
}

export interface MemberProfile {
  userId: string;
  name: string | null;
  /** Banned or deleted: the user can read nothing, so nothing is sent to them. */
  blocked: boolean;
}

/** Active members of a chat with the profile fields notifications need, in one query. */
export async function listMemberProfiles(db: Executor, chatId: string): Promise<MemberProfile[]> {
  return db
    .select({
      userId: chatMembers.userId,
      name: users.name,
      blocked: sql<boolean>`(${users.bannedAt} is not null or ${users.deletedAt} is not null)`,
    })
    .from(chatMembers)
    .innerJoin(users, eq(users.id, chatMembers.userId))
    .where(and(eq(chatMembers.chatId, chatId), isNull(chatMembers.removedAt)));
}
