import type { Executor } from "@chat/db";
import { closeOpenDispute, enqueueEvent, recordModerationAction, toDispute } from "@chat/db/queries";
import type { Dispute, DisputeOutcome } from "@chat/shared/contracts";
import { AppError } from "@chat/shared/errors";
import { type ChatChange, writeSystemMessage } from "../system-messages";

const outcomeText: Record<DisputeOutcome, string> = {
  refund_buyer: "refund to the buyer",
  release_to_seller: "payment released to the seller",
  partial_refund: "partial refund",
  no_action: "no action",
};

export interface ResolveDisputeInput {
  chat: { id: string; orderId: string | null };
  outcome: DisputeOutcome;
  comment: string;
  resolvedBy: string;
}

/**
 * Closes the chat's open dispute in the caller's transaction, with a system message, the
 * chat.dispute.resolved outbox event and an audit entry; 409 when none is open. Who may resolve is the
 * caller's to check first.
 */
export async function resolveDispute(
  tx: Executor,
  input: ResolveDisputeInput,
): Promise<ChatChange & { dispute: Dispute }> {
  const row = await closeOpenDispute(tx, {
    chatId: input.chat.id,
    outcome: input.outcome,
    comment: input.comment,
    resolvedBy: input.resolvedBy,
  });
  if (!row) throw new AppError("CONFLICT", "this chat has no open dispute");
  const { frames } = await writeSystemMessage(
    tx,
    input.chat.id,
    `The dispute was resolved: ${outcomeText[input.outcome]}`,
  );
  await enqueueEvent(tx, "chat.dispute.resolved", {
    chatId: input.chat.id,
    disputeId: row.id,
    orderId: input.chat.orderId,
    outcome: input.outcome,
    comment: input.comment,
    resolvedBy: input.resolvedBy,
  });
  await recordModerationAction(tx, {
    chatId: input.chat.id,
    actorId: input.resolvedBy,
    action: "dispute.resolved",
    targetId: row.id,
    details: { outcome: input.outcome },
  });
  return {
    chatId: input.chat.id,
    dispute: toDispute(row),
    frames: [...frames, { type: "chat_updated", chatId: input.chat.id, disputeOpen: false }],
  };
}
