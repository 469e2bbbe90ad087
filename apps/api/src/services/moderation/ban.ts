import { unbanMember as liftBan, lockChat } from "@chat/db/queries";
import type { Sanction, SanctionBody } from "@chat/shared/contracts";
import { AppError, fieldError, notFound } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";
import { applyBan, untilOf } from "./sanction-steps";
import { requireChatModerator } from "./staff";

/**
 * The chat's moderator or an admin bans a user from a group: they leave it at once (member_removed
 * stops their sockets on every realtime node) and adding them back is 409 BANNED until the ban ends.
 */
export async function banMember({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; body: SanctionBody };
}): Promise<Sanction> {
  const { userId, durationSec, reason } = input.body;
  const { sanction, frames } = await ctx.db.transaction(async (tx) => {
    requireChatModerator(await loadVisibleChat(tx, input.chatId, ctx.principal), ctx.principal, "ban");
    if (userId === ctx.principal.userId) throw fieldError("userId", "cannot be yourself");
    // The chat row first, as a send does, so a ban and a send cannot deadlock on chats vs chat_members.
    const chat = await lockChat(tx, input.chatId);
    if (!chat) throw notFound("chat");
    if (chat.ownerId === userId)
      throw new AppError("CONFLICT", "the owner of a group cannot be banned from it");
    return applyBan(tx, chat, {
      chatId: input.chatId,
      userId,
      actorId: ctx.principal.userId,
      until: untilOf(durationSec),
      reason: reason ?? null,
    });
  });
  await ctx.publish(input.chatId, frames, ctx.requestId);
  return sanction;
}

/** Lifts a ban (idempotent); the user is not added back, only allowed to be. */
export async function unbanMember({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; userId: string };
}): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    requireChatModerator(await loadVisibleChat(tx, input.chatId, ctx.principal), ctx.principal, "unban");
    await liftBan(tx, { ...input, actorId: ctx.principal.userId });
  });
}
