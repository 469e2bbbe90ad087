import type { Conn } from "./connection";
import type { Gateway } from "./gateway";

/**
 * This node's view of one chat: its bus subscription, the sockets that joined it, and the last seq
 * relayed to its uWS topic. Tasks (relaying, admitting a socket, resyncing) run one at a time in
 * arrival order, so every live socket of the chat sees one gap-free, duplicate-free stream.
 */
export interface Hub {
  chatId: string;
  topic: string;
  conns: Set<Conn>;
  /** The highest seq relayed to the topic (or known when the hub started); valid once primed. */
  lastSeq: number;
  primed: boolean;
  disposed: boolean;
  tail: Promise<void>;
  subscribed: Promise<void>;
  listener: (payload: string) => void;
  /** Live sockets per user, so user_joined/user_left fire for a user's first and last socket. */
  users: Map<string, number>;
}

export function enqueue(gateway: Gateway, hub: Hub, task: () => Promise<void>): void {
  hub.tail = hub.tail
    .then(() => (hub.disposed ? undefined : task()))
    .catch((error: unknown) => gateway.logger.error({ err: error, chatId: hub.chatId }, "chat task failed"));
}

/** Whether a socket's entry for this hub is still the one a task was started for. */
export function isCurrent(hub: Hub, conn: Conn, entry: unknown): boolean {
  return !hub.disposed && !conn.closed && conn.chats?.get(hub.chatId) === entry;
}
