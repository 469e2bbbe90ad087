import type { Executor } from "@chat/db";
import {
  claimSafetyWarning,
  enqueueEvent,
  openOrJoinCase,
  recordMaskedOriginal,
  recordModerationAction,
  recordSafetyFlag,
} from "@chat/db/queries";
import { writeSystemMessage } from "@chat/services";
import type { Message, ServerFrame } from "@chat/shared/contracts";
import { penalizeRepeatFlags } from "./auto-mute";
import type { Delivery, Refusal } from "./screen";

/** DESIGN.md: at most one off-platform warning per chat per 10 minutes. */
const WARNING_INTERVAL_SEC = 600;
export const OFF_PLATFORM_WARNING =
  "Сделки вне GameTrade не защищены: оплата и переписка только здесь. Deals outside GameTrade are not protected: keep payment and contact here.";

/**
 * Writes what a delivered message's verdict asks for, in the message's transaction: the masked original
 * as a version; the flag with its case, event and audit entry (and the automatic mute of a repeat
 * offender); the chat's rate-limited warning. Returns the frames to publish after commit.
 */
export async function recordDelivery(
  tx: Executor,
  input: { message: Message; senderId: string; original: string; delivery: Delivery },
): Promise<ServerFrame[]> {
  const { message, senderId, delivery } = input;
  const { chatId } = message;
  const frames: ServerFrame[] = [];
  if (delivery.masked) {
    await recordMaskedOriginal(tx, { messageId: message.id, senderId, original: input.original });
  }
  if (delivery.flagged) {
    const { categories, ruleIds } = delivery.flagged;
    const action = delivery.masked ? "mask" : "flag";
    const flaggedIn24h = await recordSafetyFlag(tx, {
      chatId,
      messageId: message.id,
      senderId,
      categories,
      ruleIds,
      action,
    });
    await openOrJoinCase(tx, { chatId, messageId: message.id, userId: senderId, source: "flag", categories });
    await enqueueEvent(tx, "chat.message.flagged", {
      chatId,
      messageId: message.id,
      senderId,
      categories,
      action,
    });
    await recordModerationAction(tx, {
      chatId,
      actorId: null,
      action: "message.flagged",
      targetId: message.id,
      targetUserId: senderId,
      details: { categories, ruleIds, action },
    });
    frames.push(...(await penalizeRepeatFlags(tx, { chatId, senderId, flaggedIn24h, categories })));
  }
  if (delivery.warn && (await claimSafetyWarning(tx, chatId, WARNING_INTERVAL_SEC))) {
    frames.push(...(await writeSystemMessage(tx, chatId, OFF_PLATFORM_WARNING)).frames);
  }
  return frames;
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
    targetId: input.messageId ?? null,
    targetUserId: input.senderId,
    details: {
      category: refusal.category,
      categories: refusal.categories,
      ...(refusal.ruleId ? { ruleId: refusal.ruleId } : {}),
    },
  });
}
