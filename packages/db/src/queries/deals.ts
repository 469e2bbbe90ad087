import type { ChatStatus } from "@chat/shared/contracts";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { type ChatRow, chats } from "../schema";
import { createChat } from "./chats";

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

/** Moves a chat to `status`; false when it already had it. */
export async function setChatStatus(tx: Executor, chatId: string, status: ChatStatus): Promise<boolean> {
  const rows = await tx
    .update(chats)
    .set({ status, updatedAt: sql`now()` })
    .where(and(eq(chats.id, chatId), ne(chats.status, status)))
    .returning({ id: chats.id });
  return rows.length === 1;
}
