import type { Sanction } from "@chat/shared/contracts";
import { and, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { type ChatBanRow, type ChatMuteRow, chatBans, chatMutes, chats } from "../schema";
import { recordModerationAction } from "./audit";
import { removeMembers } from "./members";
import { enqueueEvent } from "./outbox";

export interface SanctionInput {
  chatId: string;
  userId: string;
  /** null: until lifted. */
  until: Date | null;
  /** null: the system (an automatic penalty). */
  actorId: string | null;
  reason?: string | null;
}

const inForce = (until: typeof chatMutes.until | typeof chatBans.until) =>
  or(isNull(until), gt(until, sql`now()`));

/**
 * Mutes a member in the caller's transaction: the mute row (replacing an earlier one), an audit entry and
 * chat.member.muted in the outbox. The member still reads; sends, edits and reactions are refused.
 */
export async function muteMember(tx: Executor, input: SanctionInput): Promise<Sanction> {
  const [row] = await tx
    .insert(chatMutes)
    .values(sanctionValues(input, "mutedBy"))
    .onConflictDoUpdate({
      target: [chatMutes.chatId, chatMutes.userId],
      set: {
        until: input.until,
        reason: input.reason ?? null,
        mutedBy: input.actorId,
        createdAt: sql`now()`,
      },
    })
    .returning();
  if (!row) throw new Error("mute upsert returned nothing");
  const mute = toSanction(row, row.mutedBy);
  await recordModerationAction(tx, auditOf(input, "member.muted", mute.until));
  await enqueueEvent(tx, "chat.member.muted", {
    chatId: mute.chatId,
    userId: mute.userId,
    until: mute.until,
    mutedBy: input.actorId,
    reason: mute.reason,
  });
  return mute;
}

/** Lifts a mute; false when none was in force (an expired one is dropped without an audit entry). */
export async function unmuteMember(
  tx: Executor,
  input: { chatId: string; userId: string; actorId: string | null; reason?: string | null },
): Promise<boolean> {
  const rows = await tx
    .delete(chatMutes)
    .where(and(eq(chatMutes.chatId, input.chatId), eq(chatMutes.userId, input.userId)))
    .returning({ until: chatMutes.until });
  const lifted = rows.some((row) => row.until === null || row.until > new Date());
  if (lifted) await recordModerationAction(tx, auditOf(input, "member.unmuted", null));
  return lifted;
}

/** The member's mute in force, or null: an expired mute is simply not in force. */
export async function findMuteInForce(
  db: Executor,
  chatId: string,
  userId: string,
): Promise<Sanction | null> {
  const [row] = await db
    .select()
    .from(chatMutes)
    .where(and(eq(chatMutes.chatId, chatId), eq(chatMutes.userId, userId), inForce(chatMutes.until)));
  return row ? toSanction(row, row.mutedBy) : null;
}

/**
 * Bans a user from a chat in the caller's transaction: the ban row, the member removed, an audit entry
 * and chat.member.banned in the outbox. Returns the ban and whether the user was an active member.
 */
export async function banMember(
  tx: Executor,
  input: SanctionInput,
): Promise<{ ban: Sanction; removed: boolean }> {
  const [row] = await tx
    .insert(chatBans)
    .values(sanctionValues(input, "bannedBy"))
    .onConflictDoUpdate({
      target: [chatBans.chatId, chatBans.userId],
      set: {
        until: input.until,
        reason: input.reason ?? null,
        bannedBy: input.actorId,
        createdAt: sql`now()`,
      },
    })
    .returning();
  if (!row) throw new Error("ban upsert returned nothing");
  const ban = toSanction(row, row.bannedBy);
  const removed = await removeMembers(tx, input.chatId, [input.userId]);
  await recordModerationAction(tx, auditOf(input, "member.banned", ban.until));
  await enqueueEvent(tx, "chat.member.banned", {
    chatId: ban.chatId,
    userId: ban.userId,
    until: ban.until,
    bannedBy: input.actorId,
    reason: ban.reason,
  });
  return { ban, removed: removed.length > 0 };
}

export async function unbanMember(
  tx: Executor,
  input: { chatId: string; userId: string; actorId: string | null; reason?: string | null },
): Promise<boolean> {
  const rows = await tx
    .delete(chatBans)
    .where(and(eq(chatBans.chatId, input.chatId), eq(chatBans.userId, input.userId)))
    .returning({ until: chatBans.until });
  const lifted = rows.some((row) => row.until === null || row.until > new Date());
  if (lifted) await recordModerationAction(tx, auditOf(input, "member.unbanned", null));
  return lifted;
}

/** Of `userIds`, those banned from the chat right now. */
export async function findBannedUsers(db: Executor, chatId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: chatBans.userId })
    .from(chatBans)
    .where(and(eq(chatBans.chatId, chatId), inArray(chatBans.userId, userIds), inForce(chatBans.until)));
  return rows.map((row) => row.userId);
}

/** Freezes or thaws a chat with an audit entry; false when it already was so (nothing recorded). */
export async function setChatFrozen(
  tx: Executor,
  input: { chatId: string; frozen: boolean; actorId: string | null; reason?: string | null },
): Promise<boolean> {
  const rows = await tx
    .update(chats)
    .set({ frozenAt: input.frozen ? sql`now()` : null, updatedAt: sql`now()` })
    .where(
      and(
        eq(chats.id, input.chatId),
        input.frozen ? isNull(chats.frozenAt) : sql`${chats.frozenAt} is not null`,
      ),
    )
    .returning({ id: chats.id });
  if (rows.length === 0) return false;
  await recordModerationAction(tx, {
    chatId: input.chatId,
    actorId: input.actorId,
    action: input.frozen ? "chat.frozen" : "chat.unfrozen",
    targetId: input.chatId,
    reason: input.reason,
  });
  return true;
}

function sanctionValues<K extends "mutedBy" | "bannedBy">(input: SanctionInput, actorColumn: K) {
  return {
    chatId: input.chatId,
    userId: input.userId,
    until: input.until,
    reason: input.reason ?? null,
    [actorColumn]: input.actorId,
  } as { chatId: string; userId: string; until: Date | null; reason: string | null } & Record<
    K,
    string | null
  >;
}

function auditOf(
  input: { chatId: string; userId: string; actorId: string | null; reason?: string | null },
  action: string,
  until: string | null,
) {
  return {
    chatId: input.chatId,
    actorId: input.actorId,
    action,
    targetId: input.userId,
    targetUserId: input.userId,
    reason: input.reason ?? null,
    details: until ? { until } : {},
  };
}

function toSanction(row: ChatMuteRow | ChatBanRow, createdBy: string | null): Sanction {
  return {
    chatId: row.chatId,
    userId: row.userId,
    until: row.until ? row.until.toISOString() : null,
    reason: row.reason,
    createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
