import type { Transaction } from "@chat/db";
import { setChatStatus } from "@chat/db/queries";
import { type ChatChange, ensureDealChat, openDispute, writeSystemMessage } from "@chat/services";
import type { ChatStatus } from "@chat/shared/contracts";
import {
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  OrderDisputed,
  OrderStatusChanged,
} from "@chat/shared/contracts";
import { PoisonMessageError } from "@chat/shared/queue";
import { z } from "zod";
import type { Effects, EventConsumer } from "../consume";

export const OrderEvent = z.discriminatedUnion("type", [
  OrderCreated,
  OrderStatusChanged,
  OrderCompleted,
  OrderCancelled,
  OrderDisputed,
]);
export type OrderEvent = z.infer<typeof OrderEvent>;

/**
 * order.* drives deal chats. Every order event first ensures the order's chat exists (buyer and seller
 * are in every event), so an event that overtakes order.created still lands in the one chat of the order.
 * Completed and cancelled deals become read-only (the api enforces it; moderators may still write).
 */
export function ordersConsumer(): EventConsumer<OrderEvent> {
  return {
    name: "orders",
    types: OrderEvent.options.map((option) => option.shape.type.value),
    schema: OrderEvent,
    async handle(tx, event, effects) {
      const { orderId, buyerId, sellerId } = event.data;
      if (buyerId === sellerId) throw new PoisonMessageError("buyer and seller are the same user");
      const title = event.type === "order.created" ? event.data.title : null;
      const { chat, created } = await ensureDealChat(tx, { orderId, buyerId, sellerId, title });
      const deal = { tx, chat: { id: chat.id, type: chat.type, orderId: chat.orderId }, effects };

      switch (event.type) {
        case "order.created":
          if (created) {
            await say(deal, `Deal chat for ${title ? `"${title}"` : `order ${orderId}`} opened.`);
          }
          return;
        case "order.status_changed":
          await say(deal, `Order status changed to ${event.data.status}.`);
          return;
        case "order.completed":
          await say(deal, "The order was completed. This chat is now read-only.");
          await closeDeal(deal, "completed");
          return;
        case "order.cancelled": {
          const reason = event.data.reason ? `: ${event.data.reason}` : ".";
          await say(deal, `The order was cancelled${reason} This chat is now read-only.`);
          await closeDeal(deal, "cancelled");
          return;
        }
        case "order.disputed": {
          const opened = await openDispute(tx, {
            chat: deal.chat,
            reason: event.data.reason || "No reason given",
            openedBy: null,
            source: "marketplace",
          });
          if (opened) emit(effects, opened);
          return;
        }
      }
    },
  };
}

interface Deal {
  tx: Transaction;
  chat: { id: string; type: "deal" | "group" | "private"; orderId: string | null };
  effects: Effects;
}

function emit(effects: Effects, change: ChatChange) {
  for (const frame of change.frames) effects.frame(change.chatId, frame);
}

async function say(deal: Deal, content: string) {
  emit(deal.effects, await writeSystemMessage(deal.tx, deal.chat.id, content));
}

async function closeDeal(deal: Deal, status: ChatStatus) {
  if (await setChatStatus(deal.tx, deal.chat.id, status)) {
    deal.effects.frame(deal.chat.id, { type: "chat_updated", chatId: deal.chat.id, status });
  }
}
