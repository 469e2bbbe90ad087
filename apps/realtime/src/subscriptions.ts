import { findChat, findMembership, listMessages } from "@chat/db/queries";
import { findActiveMemberIds } from "@chat/db/queries/realtime";
import { channels } from "@chat/shared/contracts";
import { CloseCode } from "./close-codes";
import type { ChatEntry, Conn } from "./connection";
import { bufferedBytes, closeConn, type Gateway, publishToChat, sendFrame, waitForDrain } from "./gateway";
import { enqueue, type Hub, isCurrent } from "./hub";
import { errorFrame } from "./protocol";
import { catchUp, publishToTopic, relayBusPayload } from "./relay";
import { clearTyping } from "./typing";

const REPLAY_PAGE_SIZE = 100;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Joins and leaves: membership checks in PostgreSQL, one reference-counted bus subscription per chat
 * (held only while this node has sockets in it), and the replay that takes a socket from `sinceSeq`
 * to live without a gap or a duplicate.
 */
export class ChatSubscriptions {
  private readonly hubs = new Map<string, Hub>();

  constructor(private readonly gateway: Gateway) {}

  join(conn: Conn, chatId: string, sinceSeq?: number): void {
    const existing = conn.chats?.get(chatId);
    const current = this.hubs.get(chatId);
    if (existing && current) {
      if (existing.state !== "live") {
        sendFrame(this.gateway, conn, errorFrame("BAD_FRAME", "join already in progress", chatId));
        return;
      }
      enqueue(this.gateway, current, async () => this.rejoin(current, conn, existing, sinceSeq));
      return;
    }
    if ((conn.chats?.size ?? 0) >= this.gateway.config.WS_MAX_CHATS_PER_SOCKET) {
      const detail = `at most ${this.gateway.config.WS_MAX_CHATS_PER_SOCKET} chats per socket`;
      sendFrame(this.gateway, conn, errorFrame("TOO_MANY_CHATS", detail, chatId));
      return;
    }
    const entry: ChatEntry = { state: "joining", buffer: [], counted: false };
    conn.chats ??= new Map();
    conn.chats.set(chatId, entry);
    this.gateway.metrics.joinedChats.inc();
    const hub = this.acquire(chatId);
    hub.conns.add(conn);
    enqueue(this.gateway, hub, () => this.admit(hub, conn, entry, sinceSeq));
  }

  leave(conn: Conn, chatId: string): void {
    const hub = this.hubs.get(chatId);
    if (!conn.chats?.has(chatId) || !hub) {
      sendFrame(this.gateway, conn, errorFrame("NOT_JOINED", "not joined to this chat", chatId));
      return;
    }
    this.removeEntry(hub, conn);
  }

  /** Called from the socket's close handler: releases everything the socket held. */
  dropConn(conn: Conn): void {
    for (const chatId of [...(conn.chats?.keys() ?? [])]) {
      const hub = this.hubs.get(chatId);
      if (hub) this.removeEntry(hub, conn);
    }
  }

  /** After the bus lost its connection: relay what was missed from PostgreSQL and re-check members. */
  resyncAll(): void {
    this.gateway.metrics.busResyncs.inc();
    for (const hub of this.hubs.values()) enqueue(this.gateway, hub, () => this.resync(hub));
  }

  get chatCount(): number {
    return this.hubs.size;
  }

  async closeAll(): Promise<void> {
    const hubs = [...this.hubs.values()];
    for (const hub of hubs) this.dispose(hub);
    await Promise.allSettled(hubs.map((hub) => hub.tail));
  }

  private acquire(chatId: string): Hub {
    const existing = this.hubs.get(chatId);
    if (existing) return existing;
    const hub: Hub = {
      chatId,
      topic: channels.chat(chatId),
      conns: new Set(),
      lastSeq: 0,
      primed: false,
      disposed: false,
      tail: Promise.resolve(),
      subscribed: Promise.resolve(),
      listener: (payload) =>
        enqueue(this.gateway, hub, () =>
          relayBusPayload(this.gateway, hub, payload, (userId) => this.evict(hub, userId)),
        ),
      users: new Map(),
    };
    // Subscribe before reading anything from PostgreSQL: whatever commits after the read arrives on the bus.
    hub.subscribed = this.gateway.bus.subscribe(hub.topic, hub.listener);
    hub.subscribed.catch(() => {});
    this.hubs.set(chatId, hub);
    this.gateway.metrics.busSubscriptions.set(this.hubs.size);
    return hub;
  }

  private async prime(hub: Hub): Promise<void> {
    await hub.subscribed;
    const chat = await findChat(this.gateway.db.db, hub.chatId);
    if (hub.primed) return;
    hub.lastSeq = chat?.lastSeq ?? 0;
    hub.primed = true;
  }

  private async admit(hub: Hub, conn: Conn, entry: ChatEntry, sinceSeq?: number): Promise<void> {
    if (!isCurrent(hub, conn, entry)) return;
    let membership: Awaited<ReturnType<typeof findMembership>>;
    try {
      if (!hub.primed) await this.prime(hub);
      membership = await findMembership(this.gateway.db.db, hub.chatId, conn.userId);
    } catch (error) {
      this.gateway.logger.warn({ err: error, chatId: hub.chatId }, "join failed");
      if (!isCurrent(hub, conn, entry)) return;
      this.removeEntry(hub, conn);
      sendFrame(this.gateway, conn, errorFrame("UNAVAILABLE", "try again shortly", hub.chatId));
      return;
    }
    if (!isCurrent(hub, conn, entry)) return;
    if (!membership) {
      this.removeEntry(hub, conn);
      sendFrame(this.gateway, conn, errorFrame("NOT_FOUND", "chat not found", hub.chatId));
      return;
    }
    if (membership.lastSeq > hub.lastSeq) await catchUp(this.gateway, hub, membership.lastSeq);
    if (!isCurrent(hub, conn, entry)) return;
    entry.counted = true;
    const sockets = (hub.users.get(conn.userId) ?? 0) + 1;
    hub.users.set(conn.userId, sockets);
    if (sockets === 1 && hub.users.size <= this.gateway.config.WS_JOIN_LEAVE_MAX_USERS) {
      void publishToChat(this.gateway, hub.chatId, {
        type: "user_joined",
        chatId: hub.chatId,
        userId: conn.userId,
      });
    }
    this.startReplay(hub, conn, entry, sinceSeq);
  }

  /**
   * A join for a chat the socket is already live in. Without sinceSeq it only confirms: leaving the topic
   * would discard frames uWS has not flushed yet. With sinceSeq it replays; anything discarded then is at
   * most the chat's last seq, which the replay covers.
   */
  private async rejoin(hub: Hub, conn: Conn, entry: ChatEntry, sinceSeq?: number): Promise<void> {
    if (!isCurrent(hub, conn, entry) || entry.state !== "live") return;
    if (sinceSeq === undefined) {
      sendFrame(this.gateway, conn, { type: "joined", chatId: hub.chatId, lastSeq: hub.lastSeq });
      return;
    }
    conn.ws?.unsubscribe(hub.topic);
    this.startReplay(hub, conn, entry, sinceSeq);
  }

  /**
   * From here on, frames for this chat go to the entry's buffer instead of the socket. The replay reads
   * (sinceSeq, upToSeq] outside the chat's task queue, then `goLive` sends `joined`, the buffer, and
   * subscribes the socket to the topic in one synchronous step, so nothing falls between.
   */
  private startReplay(hub: Hub, conn: Conn, entry: ChatEntry, sinceSeq?: number): void {
    entry.state = "replaying";
    entry.buffer = [];
    const upToSeq = hub.lastSeq;
    this.replay(hub, conn, entry, upToSeq, sinceSeq).catch((error: unknown) => {
      this.gateway.logger.warn({ err: error, chatId: hub.chatId }, "replay failed");
      if (!isCurrent(hub, conn, entry)) return;
      this.removeEntry(hub, conn);
      sendFrame(this.gateway, conn, errorFrame("UNAVAILABLE", "replay failed; join again", hub.chatId));
    });
  }

  private async replay(hub: Hub, conn: Conn, entry: ChatEntry, upToSeq: number, sinceSeq?: number) {
    let recovered: boolean | undefined;
    if (sinceSeq !== undefined) {
      recovered = upToSeq - sinceSeq <= this.gateway.config.WS_REPLAY_LIMIT;
      let after = sinceSeq;
      while (recovered && after < upToSeq) {
        const page = await listMessages(this.gateway.db.db, {
          chatId: hub.chatId,
          after,
          limit: Math.min(REPLAY_PAGE_SIZE, upToSeq - after),
        });
        if (!isCurrent(hub, conn, entry)) return;
        const messages = page.items.filter((message) => message.seq <= upToSeq);
        if (messages.length === 0) break;
        conn.ws?.cork(() => {
          for (const message of messages) {
            sendFrame(this.gateway, conn, { type: "new_message", chatId: hub.chatId, message });
          }
        });
        after = messages[messages.length - 1]?.seq ?? upToSeq;
        if (bufferedBytes(conn) > this.gateway.config.WS_MAX_BACKPRESSURE_BYTES / 2) {
          const drained = await waitForDrain(conn, DRAIN_TIMEOUT_MS);
          if (!drained && !conn.closed) {
            this.gateway.metrics.slowConsumers.inc();
            closeConn(conn, CloseCode.SLOW_CONSUMER);
          }
          if (!isCurrent(hub, conn, entry)) return;
        }
      }
    }
    if (!isCurrent(hub, conn, entry)) return;
    this.goLive(hub, conn, entry, upToSeq, recovered);
  }

  private goLive(hub: Hub, conn: Conn, entry: ChatEntry, lastSeq: number, recovered?: boolean): void {
    const ws = conn.ws;
    if (!ws) return;
    ws.cork(() => {
      const joined = { type: "joined", chatId: hub.chatId, lastSeq } as const;
      sendFrame(this.gateway, conn, recovered === undefined ? joined : { ...joined, recovered });
      for (const json of entry.buffer) sendFrame(this.gateway, conn, json);
      entry.buffer = [];
      if (conn.closed) return;
      entry.state = "live";
      ws.subscribe(hub.topic);
    });
  }

  /** A removed member's sockets leave the chat at once and are told so directly. */
  private evict(hub: Hub, userId: string): void {
    for (const conn of [...hub.conns]) {
      const entry = conn.chats?.get(hub.chatId);
      if (conn.userId !== userId || !entry || entry.state === "joining") continue;
      this.removeEntry(hub, conn);
      sendFrame(this.gateway, conn, { type: "member_removed", chatId: hub.chatId, userId });
    }
  }

  private async resync(hub: Hub): Promise<void> {
    if (!hub.primed) return;
    const chat = await findChat(this.gateway.db.db, hub.chatId);
    if (hub.disposed) return;
    if (chat) await catchUp(this.gateway, hub, chat.lastSeq);
    const userIds = [...new Set([...hub.conns].map((conn) => conn.userId))];
    const active = new Set(await findActiveMemberIds(this.gateway.db.db, hub.chatId, userIds));
    if (hub.disposed) return;
    for (const userId of userIds) {
      if (active.has(userId)) continue;
      this.evict(hub, userId);
      publishToTopic(this.gateway, hub, { type: "member_removed", chatId: hub.chatId, userId });
    }
  }

  private removeEntry(hub: Hub, conn: Conn): void {
    const entry = conn.chats?.get(hub.chatId);
    if (!entry) return;
    conn.chats?.delete(hub.chatId);
    this.gateway.metrics.joinedChats.dec();
    clearTyping(this.gateway, conn, hub.chatId);
    if (entry.state === "live" && !conn.closed) conn.ws?.unsubscribe(hub.topic);
    if (entry.counted) {
      const sockets = (hub.users.get(conn.userId) ?? 1) - 1;
      if (sockets > 0) hub.users.set(conn.userId, sockets);
      else {
        const announce = hub.users.size <= this.gateway.config.WS_JOIN_LEAVE_MAX_USERS;
        hub.users.delete(conn.userId);
        if (announce) {
          void publishToChat(this.gateway, hub.chatId, {
            type: "user_left",
            chatId: hub.chatId,
            userId: conn.userId,
          });
        }
      }
    }
    hub.conns.delete(conn);
    if (hub.conns.size === 0) this.dispose(hub);
  }

  private dispose(hub: Hub): void {
    if (hub.disposed) return;
    hub.disposed = true;
    if (this.hubs.get(hub.chatId) === hub) this.hubs.delete(hub.chatId);
    this.gateway.metrics.busSubscriptions.set(this.hubs.size);
    this.gateway.bus
      .unsubscribe(hub.topic, hub.listener)
      .catch((error: unknown) =>
        this.gateway.logger.warn({ err: error, chatId: hub.chatId }, "unsubscribe failed"),
      );
  }
}
