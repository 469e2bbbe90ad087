import { unbanMember as liftBan, lockChat } from "@chat/db/queries";
import type { Sanction, SanctionBody } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";
import { imposeSanction } from "./impose-sanction";
import { applyBan } from "./sanction-steps";
import { requireChatModerator } from "./staff";

/**
 * The chat's moderator or an admin bans a user from a group: they leave it at once (member_removed
 * stops their sockets on every realtime node) and adding them back is 409 BANNED until the ban ends.
 */
export function banMember(args: {
  ctx: ServiceContext;
  input: { chatId: string; body: SanctionBody };
}): Promise<Sanction> {
  return imposeSanction(args, "ban", async (tx, step) => {
    // The chat row first, as a send does, so a ban and a send cannot deadlock on chats vs chat_members.
    const chat = await lockChat(tx, step.chatId);
    if (!chat) throw notFound("chat");
    if (chat.ownerId === step.userId)
      throw new AppError("CONFLICT", "the owner of a group cannot be banned from it");
    return applyBan(tx, chat, step);
  });
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
