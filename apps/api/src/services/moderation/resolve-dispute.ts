import { resolveDispute as resolveChatDispute } from "@chat/services";
import type { Dispute, DisputeOutcome } from "@chat/shared/contracts";
import { AppError } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";

/** The chat's moderator or an admin closes the open dispute; 409 when none is open. */
export async function resolveDispute({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; outcome: DisputeOutcome; comment: string };
}): Promise<Dispute> {
  const { dispute, frames } = await ctx.db.transaction(async (tx) => {
    const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
    if (access.membership?.role !== "moderator" && ctx.principal.role !== "admin") {
      throw new AppError("FORBIDDEN", "only the chat's moderator or an admin resolves its dispute");
    }
    return resolveChatDispute(tx, {
      chat: access.chat,
      outcome: input.outcome,
      comment: input.comment,
      resolvedBy: ctx.principal.userId,
    });
  });
  await ctx.publish(input.chatId, frames, ctx.requestId);
  return dispute;
}
