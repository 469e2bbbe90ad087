import { openDispute as openChatDispute } from "@chat/services";
import type { Dispute } from "@chat/shared/contracts";
import { AppError } from "@chat/shared/errors";
import { loadVisibleChat, requireMember } from "../access";
import type { ServiceContext } from "../context";

/** A member of a deal chat opens its dispute; one may be open at a time. A system message says so. */
export async function openDispute({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; reason: string };
}): Promise<Dispute> {
  const { dispute, frames } = await ctx.db.transaction(async (tx) => {
    const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
    requireMember(access, "open a dispute");
    if (access.chat.type !== "deal") throw new AppError("CONFLICT", "only deal chats have disputes");
    const opened = await openChatDispute(tx, {
      chat: access.chat,
      reason: input.reason,
      openedBy: ctx.principal.userId,
      source: "chat",
    });
    if (!opened) throw new AppError("CONFLICT", "this chat already has an open dispute");
    return opened;
  });
  await ctx.publish(input.chatId, frames, ctx.requestId);
  return dispute;
}
