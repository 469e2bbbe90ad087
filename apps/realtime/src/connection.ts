import type { WebSocket } from "uWebSockets.js";
import type { Role } from "@chat/shared/contracts";
import { ExpiryQueue } from "./expiry";
import type { BucketState } from "./rate-limit";

/** Where a socket stands in one chat: membership being checked, replaying history, or live on the topic. */
export interface ChatEntry {
  state: "joining" | "replaying" | "live";
  /** Live frames published while this socket replays; flushed right before it joins the topic. */
  buffer: string[];
  /** Whether this entry counts towards the chat's user_joined/user_left bookkeeping. */
  counted: boolean;
}

/**
 * Everything the node knows about one socket. `ws` is only touched while `closed` is false. Most sockets
 * sit idle, so the collections are created on first use and the rest are plain fields.
 */
export interface Conn extends BucketState {
  id: number;
  userId: string;
  role: Role;
  ws: WebSocket<Conn> | null;
  closed: boolean;
  chats: Map<string, ChatEntry> | undefined;
  typingTimers: Map<string, NodeJS.Timeout> | undefined;
  drainWaiters: Set<() => void> | undefined;
  /** Frames refused by the rate limit in the current one-second window; too many is abuse. */
  refusedCount: number;
  refusedWindowStartMs: number;
  /** The token's `exp` in epoch milliseconds: the socket is closed then (OWASP: no session outlives its token). */
  expiresAtMs: number | null;
  /** This socket's slot in the registry's expiry queue, -1 when it has none. */
  expiryIndex: number;
  initialChat: { chatId: string; sinceSeq?: number } | null;
}

/**
 * Sockets of this node, by user, so bans, removals and per-user caps can find them; it also closes each
 * one when its token expires. A user's sockets are a short array (at most WS_MAX_CONNECTIONS_PER_USER).
 */
export class ConnRegistry {
  private readonly byUser = new Map<string, Conn[]>();
  private readonly expiries: ExpiryQueue;
  size = 0;

  constructor(onExpired: (conn: Conn) => void) {
    this.expiries = new ExpiryQueue(onExpired);
  }

  add(conn: Conn): void {
    const list = this.byUser.get(conn.userId);
    if (list) list.push(conn);
    else this.byUser.set(conn.userId, [conn]);
    this.size += 1;
    if (conn.expiresAtMs !== null) this.expiries.add(conn);
  }

  has(conn: Conn): boolean {
    return this.byUser.get(conn.userId)?.includes(conn) ?? false;
  }

  /** Returns true when this was the user's last socket on the node. */
  remove(conn: Conn): boolean {
    this.expiries.remove(conn);
    const list = this.byUser.get(conn.userId);
    const index = list?.indexOf(conn) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    this.size -= 1;
    if (list.length) return false;
    this.byUser.delete(conn.userId);
    return true;
  }

  all(): Conn[] {
    return [...this.byUser.values()].flat();
  }

  ofUser(userId: string): Conn[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  countOf(userId: string): number {
    return this.byUser.get(userId)?.length ?? 0;
  }

  userIds(): string[] {
    return [...this.byUser.keys()];
  }
}
