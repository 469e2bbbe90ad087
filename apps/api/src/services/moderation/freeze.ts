import { getChatDetail, lockChat } from "@chat/db/queries";
import type { ChatDetail, FreezeBody } from "@chat/shared/contracts";
import { notFound } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";
import { applyFreeze } from "./sanction-steps";
import { requireChatModerator } from "./staff";

/**
 * The chat's moderator or an admin freezes a chat (read-only for everyone else: 409 FROZEN) or thaws
 * it. Asking for the state it is already in changes nothing and publishes nothing.
 */
export async function freezeChat({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; body: FreezeBody };
}): Promise<ChatDetail> {
  const frames = await ctx.db.transaction(async (tx) => {
    requireChatModerator(await loadVisibleChat(tx, input.chatId, ctx.principal), ctx.principal, "freeze");
    if (!(await lockChat(tx, input.chatId))) throw notFound("chat");
    return applyFreeze(tx, {
      chatId: input.chatId,
      frozen: input.body.frozen,
      actorId: ctx.principal.userId,
      reason: input.body.reason ?? null,
    });
  });
  await ctx.publish(input.chatId, frames, ctx.requestId);
  const detail = await getChatDetail(ctx.db, input.chatId);
  if (!detail) throw notFound("chat");
  return detail;
}
