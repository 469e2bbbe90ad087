import type { Executor } from "@chat/db";
import { enqueueEvent, insertDispute, recordModerationAction } from "@chat/db/queries";
import type { ChatType, Dispute } from "@chat/shared/contracts";
import { type ChatChange, writeSystemMessage } from "../system-messages";

export interface OpenDisputeInput {
  chat: { id: string; type: ChatType; orderId: string | null };
  reason: string;
  openedBy: string | null;
  source: "chat" | "marketplace";
}

/**
 * Opens the chat's dispute in the caller's transaction: the dispute row, a system message that says so,
 * the chat.dispute.opened outbox event and an audit entry. Returns null when a dispute is already open
 * (one open dispute per chat), so a member gets 409 and a redelivered order.disputed changes nothing.
 */
export async function openDispute(
  tx: Executor,
  input: OpenDisputeInput,
): Promise<(ChatChange & { dispute: Dispute }) | null> {
  const dispute = await insertDispute(tx, {
    chatId: input.chat.id,
    reason: input.reason,
    openedBy: input.openedBy,
    source: input.source,
  });
  if (!dispute) return null;

  const who = input.source === "marketplace" ? "The marketplace" : "A participant";
  const { frames } = await writeSystemMessage(tx, input.chat.id, `${who} opened a dispute: ${input.reason}`);
  await enqueueEvent(tx, "chat.dispute.opened", {
    chatId: input.chat.id,
    disputeId: dispute.id,
    orderId: input.chat.orderId,
    reason: input.reason,
    openedBy: input.openedBy,
    source: input.source,
  });
  await recordModerationAction(tx, {
    chatId: input.chat.id,
    actorId: input.openedBy,
    action: "dispute.opened",
    targetId: dispute.id,
    details: { source: input.source },
  });
  return {
    chatId: input.chat.id,
    dispute,
    frames: [...frames, { type: "chat_updated", chatId: input.chat.id, disputeOpen: true }],
  };
}
