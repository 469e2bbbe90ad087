import { ChatHub } from "./chat-hub";
import type { Conn } from "./connection";
import { type Gateway, sendFrame } from "./gateway";
import { errorFrame } from "./protocol";

/**
 * The node's chats: one ChatHub per chat while at least one socket here has joined it, so the bus
 * subscription is held exactly as long as someone needs it. What happens inside a chat is the hub's.
 */
export class ChatSubscriptions {
  private readonly hubs = new Map<string, ChatHub>();

  constructor(private readonly gateway: Gateway) {}

  join(conn: Conn, chatId: string, sinceSeq?: number): void {
    const existing = conn.chats?.get(chatId);
    const current = this.hubs.get(chatId);
    if (existing && current) {
      if (existing.state !== "live") {
        sendFrame(this.gateway, conn, errorFrame("BAD_FRAME", "join already in progress", chatId));
        return;
      }
      current.rejoin(conn, existing, sinceSeq);
      return;
    }
    if ((conn.chats?.size ?? 0) >= this.gateway.config.WS_MAX_CHATS_PER_SOCKET) {
      const detail = `at most ${this.gateway.config.WS_MAX_CHATS_PER_SOCKET} chats per socket`;
      sendFrame(this.gateway, conn, errorFrame("TOO_MANY_CHATS", detail, chatId));
      return;
    }
    this.acquire(chatId).add(conn, sinceSeq);
  }

  leave(conn: Conn, chatId: string): void {
    const hub = this.hubs.get(chatId);
    if (!conn.chats?.has(chatId) || !hub) {
      sendFrame(this.gateway, conn, errorFrame("NOT_JOINED", "not joined to this chat", chatId));
      return;
    }
    hub.remove(conn);
  }

  /** Called from the socket's close handler: releases everything the socket held. */
  dropConn(conn: Conn): void {
    for (const chatId of [...(conn.chats?.keys() ?? [])]) this.hubs.get(chatId)?.remove(conn);
  }

  /** After the bus lost its connection: every chat relays what was missed and re-checks its members. */
  resyncAll(): void {
    this.gateway.metrics.busResyncs.inc();
    for (const hub of this.hubs.values()) hub.resync();
  }

  get chatCount(): number {
    return this.hubs.size;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.hubs.values()].map((hub) => hub.dispose()));
  }

  private acquire(chatId: string): ChatHub {
    const existing = this.hubs.get(chatId);
    if (existing) return existing;
    const hub = new ChatHub(this.gateway, chatId, (released) => this.release(released));
    this.hubs.set(chatId, hub);
    this.gateway.metrics.busSubscriptions.set(this.hubs.size);
    return hub;
  }

  private release(hub: ChatHub): void {
    if (this.hubs.get(hub.chatId) === hub) this.hubs.delete(hub.chatId);
    this.gateway.metrics.busSubscriptions.set(this.hubs.size);
  }
}
