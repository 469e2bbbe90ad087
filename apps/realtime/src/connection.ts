import type { WebSocket } from "uWebSockets.js";
import type { Role } from "@chat/shared/contracts";
import type { TokenBucket } from "./rate-limit";

/** Where a socket stands in one chat: membership being checked, replaying history, or live on the topic. */
export interface ChatEntry {
  state: "joining" | "replaying" | "live";
  /** Live frames published while this socket replays; flushed right before it joins the topic. */
  buffer: string[];
  /** Whether this entry counts towards the chat's user_joined/user_left bookkeeping. */
  counted: boolean;
}

/** Everything the node knows about one socket. `ws` is only touched while `closed` is false. */
export interface Conn {
  id: number;
  userId: string;
  role: Role;
  ws: WebSocket<Conn> | null;
  closed: boolean;
  chats: Map<string, ChatEntry>;
  typingTimers: Map<string, NodeJS.Timeout>;
  bucket: TokenBucket;
  /** Frames refused by the rate limit in the current one-second window; too many is abuse. */
  refused: { count: number; windowStartMs: number };
  drainWaiters: Set<() => void>;
  /** The token's `exp` in epoch milliseconds: the socket is closed then (OWASP: no session outlives its token). */
  expiresAtMs: number | null;
  expiryTimer: NodeJS.Timeout | null;
  initialChat: { chatId: string; sinceSeq?: number } | null;
}

/** Sockets of this node, by user, so bans, removals and per-user caps can find them. */
export class ConnRegistry {
  readonly all = new Set<Conn>();
  private readonly byUser = new Map<string, Set<Conn>>();

  add(conn: Conn): void {
    this.all.add(conn);
    let set = this.byUser.get(conn.userId);
    if (!set) {
      set = new Set();
      this.byUser.set(conn.userId, set);
    }
    set.add(conn);
  }

  /** Returns true when this was the user's last socket on the node. */
  remove(conn: Conn): boolean {
    this.all.delete(conn);
    const set = this.byUser.get(conn.userId);
    set?.delete(conn);
    if (set?.size) return false;
    this.byUser.delete(conn.userId);
    return true;
  }

  ofUser(userId: string): Conn[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  countOf(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  userIds(): string[] {
    return [...this.byUser.keys()];
  }
}
