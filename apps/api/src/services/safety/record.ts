import type { Executor } from "@chat/db";
import {
  claimSafetyWarning,
  enqueueEvent,
  recordMaskedOriginal,
  recordModerationAction,
  recordSafetyFlag,
} from "@chat/db/queries";
import { writeSystemMessage } from "@chat/services";
import type { Message } from "@chat/shared/contracts";
import type { Delivery, Refusal } from "./screen";

/** DESIGN.md: at most one off-platform warning per chat per 10 minutes. */
const WARNING_INTERVAL_SEC = 600;
export const OFF_PLATFORM_WARNING =
  "Сделки вне GameTrade не защищены: оплата и переписка только здесь. Deals outside GameTrade are not protected: keep payment and contact here.";

/**
 * Writes what a delivered message's verdict asks for, in the message's transaction: the masked original
 * as a version, the flag with its event and audit entry, and the chat's rate-limited warning. Returns the
 * system messages it appended, for the caller to publish after commit.
 */
export async function recordDelivery(
  tx: Executor,
  input: { message: Message; senderId: string; original: string; delivery: Delivery },
): Promise<Message[]> {
  const { message, senderId, delivery } = input;
  if (delivery.masked) {
    await recordMaskedOriginal(tx, { messageId: message.id, senderId, original: input.original });
  }
  if (delivery.flagged) {
    const action = delivery.masked ? "mask" : "flag";
    await recordSafetyFlag(tx, {
      chatId: message.chatId,
      messageId: message.id,
      senderId,
      categories: delivery.flagged.categories,
      ruleIds: delivery.flagged.ruleIds,
      action,
    });
    await enqueueEvent(tx, "chat.message.flagged", {
      chatId: message.chatId,
      messageId: message.id,
      senderId,
      categories: delivery.flagged.categories,
      action,
    });
    await recordModerationAction(tx, {
      chatId: message.chatId,
      actorId: null,
      action: "message.flagged",
      targetId: senderId,
      details: { messageId: message.id, ...delivery.flagged, action },
    });
  }
  if (!delivery.warn || !(await claimSafetyWarning(tx, message.chatId, WARNING_INTERVAL_SEC))) return [];
  const warning = await writeSystemMessage(tx, message.chatId, OFF_PLATFORM_WARNING);
  return [warning.message];
}

/** A block stores nothing but this audit entry. */
export async function recordRefusal(
  db: Executor,
  input: { chatId: string; senderId: string; refusal: Refusal; messageId?: string },
): Promise<void> {
  const { refusal } = input;
  await recordModerationAction(db, {
    chatId: input.chatId,
    actorId: null,
    action: "message.blocked",
    targetId: input.senderId,
    details: {
      category: refusal.category,
      categories: refusal.categories,
      ...(refusal.ruleId ? { ruleId: refusal.ruleId } : {}),
      ...(input.messageId ? { messageId: input.messageId } : {}),
    },
  });
}
