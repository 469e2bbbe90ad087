import type { Conn } from "./connection";
import { type Gateway, publishToChat } from "./gateway";

/**
 * Relays a typing state through the bus (no database) and arms a timer that publishes isTyping:false
 * after TYPING_TTL_MS, so a client that goes quiet never leaves "typing…" behind.
 */
export function setTyping(gateway: Gateway, conn: Conn, chatId: string, isTyping: boolean): void {
  const timer = conn.typingTimers?.get(chatId);
  if (timer) clearTimeout(timer);
  conn.typingTimers?.delete(chatId);
  if (isTyping) {
    const expiry = setTimeout(() => {
      conn.typingTimers?.delete(chatId);
      void publishToChat(gateway, chatId, { type: "typing", chatId, userId: conn.userId, isTyping: false });
    }, gateway.config.TYPING_TTL_MS);
    conn.typingTimers ??= new Map();
    conn.typingTimers.set(chatId, expiry);
  }
  void publishToChat(gateway, chatId, { type: "typing", chatId, userId: conn.userId, isTyping });
}

/** Ends a typing state the socket left behind (leave, removal, close). */
export function clearTyping(gateway: Gateway, conn: Conn, chatId: string): void {
  const timer = conn.typingTimers?.get(chatId);
  if (!timer) return;
  clearTimeout(timer);
  conn.typingTimers?.delete(chatId);
  void publishToChat(gateway, chatId, { type: "typing", chatId, userId: conn.userId, isTyping: false });
}
