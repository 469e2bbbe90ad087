import type { Executor } from "@chat/db";
import {
  banMember,
  findChat,
  muteMember,
  recordModerationAction,
  setChatFrozen,
  softDeleteMessage,
  toChat,
  toMessage,
} from "@chat/db/queries";
import type { ChatType, Sanction, ServerFrame } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";

/*
 * The moderation actions as steps inside the caller's transaction, shared by case resolution and the
 * direct routes: each writes its rows (the db queries add audit and outbox) and returns the frames to
 * publish after commit.
 */

export interface SanctionStep {
  chatId: string;
  actorId: string;
  until: Date | null;
  reason: string | null;
}

export const untilOf = (durationSec: number | undefined) =>
  durationSec === undefined ? null : new Date(Date.now() + durationSec * 1000);

export interface SanctionApplied {
  sanction: Sanction;
  frames: ServerFrame[];
}

export async function applyMute(
  tx: Executor,
  input: SanctionStep & { userId: string },
): Promise<SanctionApplied> {
  const mute = await muteMember(tx, input);
  return {
    sanction: mute,
    frames: [{ type: "member_muted", chatId: mute.chatId, userId: mute.userId, until: mute.until }],
  };
}

/** Groups only: leaving a deal or private chat would strand the other party (409 elsewhere). */
export async function applyBan(
  tx: Executor,
  chat: { type: ChatType },
  input: SanctionStep & { userId: string },
): Promise<SanctionApplied> {
  if (chat.type !== "group") throw new AppError("CONFLICT", "only members of group chats can be banned");
  const { ban, removed } = await banMember(tx, input);
  return {
    sanction: ban,
    frames: removed ? [{ type: "member_removed", chatId: input.chatId, userId: input.userId }] : [],
  };
}

export async function applyFreeze(
  tx: Executor,
  input: Omit<SanctionStep, "until"> & { frozen: boolean },
): Promise<ServerFrame[]> {
  const changed = await setChatFrozen(tx, input);
  if (!changed) return [];
  const chat = await findChat(tx, input.chatId);
  if (!chat) throw notFound("chat");
  return [{ type: "chat_updated", chatId: chat.id, chat: toChat(chat) }];
}

/** A moderator's delete keeps the removed text as a version, and is audited as a staff delete. */
export async function applyStaffDelete(
  tx: Executor,
  input: Omit<SanctionStep, "until"> & { messageId: string; userId: string | null },
): Promise<ServerFrame[]> {
  const row = await softDeleteMessage(tx, {
    chatId: input.chatId,
    messageId: input.messageId,
    deletedBy: input.actorId,
  });
  if (!row) return [];
  await recordModerationAction(tx, {
    chatId: input.chatId,
    actorId: input.actorId,
    action: "message.deleted",
    targetId: input.messageId,
    targetUserId: input.userId,
    reason: input.reason,
  });
  return [{ type: "message_deleted", chatId: input.chatId, message: toMessage(row) }];
}
