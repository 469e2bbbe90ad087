import {
  appendMessage,
  resolveDispute as closeDispute,
  enqueueEvent,
  recordModerationAction,
  toDispute,
} from "@chat/db/queries";
import type { Dispute, DisputeOutcome } from "@chat/shared/contracts";
import { AppError } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";

const outcomeText: Record<DisputeOutcome, string> = {
  refund_buyer: "refund to the buyer",
  release_to_seller: "payment released to the seller",
  partial_refund: "partial refund",
  no_action: "no action",
};

/** The chat's moderator or an admin closes the open dispute; 409 when none is open. */
export async function resolveDispute({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; outcome: DisputeOutcome; comment: string };
}): Promise<Dispute> {
  const { dispute, message } = await ctx.db.transaction(async (tx) => {
    const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
    if (access.membership?.role !== "moderator" && ctx.principal.role !== "admin") {
      throw new AppError("FORBIDDEN", "only the chat's moderator or an admin resolves its dispute");
    }
    const row = await closeDispute(tx, {
      chatId: input.chatId,
      outcome: input.outcome,
      comment: input.comment,
      resolvedBy: ctx.principal.userId,
    });
    if (!row) throw new AppError("CONFLICT", "this chat has no open dispute");
    const { message } = await appendMessage(tx, {
      chatId: input.chatId,
      senderId: null,
      type: "system",
      content: `The dispute was resolved: ${outcomeText[input.outcome]}`,
    });
    await enqueueEvent(tx, "chat.dispute.resolved", {
      chatId: input.chatId,
      disputeId: row.id,
      orderId: access.chat.orderId,
      outcome: input.outcome,
      comment: input.comment,
      resolvedBy: ctx.principal.userId,
    });
    await recordModerationAction(tx, {
      chatId: input.chatId,
      actorId: ctx.principal.userId,
      action: "dispute.resolved",
      targetId: row.id,
      details: { outcome: input.outcome },
    });
    return { dispute: toDispute(row), message };
  });
  await ctx.publish(
    input.chatId,
    [
      { type: "new_message", chatId: input.chatId, message },
      { type: "chat_updated", chatId: input.chatId, disputeOpen: false },
    ],
    ctx.requestId,
  );
  return dispute;
}
