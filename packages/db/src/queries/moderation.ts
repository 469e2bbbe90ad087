import type { DisputeOutcome, MemberRole, Role } from "@chat/shared/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { chatMembers, type DisputeRow, disputes, users } from "../schema";
import { ensureUsers } from "./users";

/**
 * Makes the user the chat's moderator: a new member, a removed one coming back, or an active member
 * whose role changes; a user not seen yet becomes a stub. Returns the member row and the role it had before (null if it was not active).
 */
export async function assignChatModerator(
  tx: Executor,
  input: { chatId: string; userId: string },
): Promise<{
  member: { userId: string; role: MemberRole; joinedAt: Date; lastReadSeq: number };
  previousRole: MemberRole | null;
}> {
  await ensureUsers(tx, [input.userId]);
  const [before] = await tx
    .select({ role: chatMembers.role, removedAt: chatMembers.removedAt })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, input.chatId), eq(chatMembers.userId, input.userId)))
    .for("update");
  const [member] = await tx
    .insert(chatMembers)
    .values({ chatId: input.chatId, userId: input.userId, role: "moderator" })
    .onConflictDoUpdate({
      target: [chatMembers.chatId, chatMembers.userId],
      set: {
        role: "moderator",
        removedAt: null,
        joinedAt: sql`case when ${chatMembers.removedAt} is null then ${chatMembers.joinedAt} else now() end`,
      },
    })
    .returning({
      userId: chatMembers.userId,
      role: chatMembers.role,
      joinedAt: chatMembers.joinedAt,
      lastReadSeq: chatMembers.lastReadSeq,
    });
  if (!member) throw new Error("moderator upsert returned nothing");
  const previousRole = before && !before.removedAt ? before.role : null;
  return { member, previousRole };
}

/**
 * What decides whether a user may become a chat's moderator: their role as the users projection knows it
 * (null if never seen with a token) and any membership of the chat they have or had (null if none).
 */
export async function findModeratorCandidate(
  db: Executor,
  input: { chatId: string; userId: string },
): Promise<{ userRole: Role | null; memberRole: MemberRole | null }> {
  const [user] = await db.select({ role: users.role }).from(users).where(eq(users.id, input.userId));
  const [member] = await db
    .select({ role: chatMembers.role })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, input.chatId), eq(chatMembers.userId, input.userId)));
  return { userRole: user?.role ?? null, memberRole: member?.role ?? null };
}

/** Closes the chat's open dispute; null when none is open. */
export async function closeOpenDispute(
  tx: Executor,
  input: { chatId: string; outcome: DisputeOutcome; comment: string; resolvedBy: string },
): Promise<DisputeRow | null> {
  const [row] = await tx
    .update(disputes)
    .set({
      status: "resolved",
      outcome: input.outcome,
      comment: input.comment,
      resolvedBy: input.resolvedBy,
      resolvedAt: sql`now()`,
    })
    .where(and(eq(disputes.chatId, input.chatId), eq(disputes.status, "open")))
    .returning();
  return row ?? null;
}
