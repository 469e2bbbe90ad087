import type { Executor } from "@chat/db";
import { createChat } from "@chat/db/queries";
import type { ChatRow } from "@chat/db/schema";

export interface DealOrder {
  orderId: string;
  buyerId: string;
  sellerId: string;
  title?: string | null;
}

/**
 * The deal chat of an order, created with buyer and seller (and chat.created in the outbox) if it does
 * not exist yet. Exactly one per order, however often and concurrently this runs: the order id is unique.
 */
export async function ensureDealChat(
  tx: Executor,
  order: DealOrder,
): Promise<{ chat: ChatRow; created: boolean }> {
  return createChat(tx, {
    type: "deal",
    orderId: order.orderId,
    title: order.title ?? `Order ${order.orderId}`,
    ownerId: null,
    members: [
      { userId: order.buyerId, role: "member" },
      { userId: order.sellerId, role: "member" },
    ],
  });
}
