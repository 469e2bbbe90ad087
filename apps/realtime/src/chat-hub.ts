import { findChat, findMembership } from "@chat/db/queries";
import { findActiveMemberIds } from "@chat/db/queries/realtime";
import { decodeChatMessage } from "@chat/shared/bus";
import { channels, type ServerFrame } from "@chat/shared/contracts";
import { CloseCode } from "./close-codes";
import type { ChatEntry, Conn } from "./connection";
import { fanOut } from "./fan-out";
import { closeConn, type Gateway, publishToChat, sendFrame } from "./gateway";
import { messagePages } from "./history";
import { errorFrame } from "./protocol";
import { replayToLive } from "./replay";
import { clearTyping } from "./typing";

const RELAYED_TYPES = new Set<ServerFrame["type"]>([
  "new_message",
  "message_updated",
  "message_deleted",
  "read",
  "user_joined",
  "user_left",
  "typing",
  "member_added",
  "member_removed",
  "chat_updated",
  "member_muted",
  "member_unmuted",
]);

/**
 * This node's view of one chat: its bus subscription, the sockets that joined it, and the last seq
 * relayed to its uWS topic. Every change (relaying a bus frame, admitting a socket, a resync) runs as a
 * task, one at a time in arrival order, so every live socket of the chat sees one gap-free,
 * duplicate-free stream. The hub releases itself through `onEmpty` when its last socket leaves.
 */
export class ChatHub {
  readonly topic: string;
  readonly conns = new Set<Conn>();
  /** The highest seq relayed to the topic (or known when the hub started); valid once primed. */
  private lastSeq = 0;
  private primed = false;
  private disposed = false;
  private tail: Promise<void> = Promise.resolve();
  private readonly subscribed: Promise<void>;
  /** Live sockets per user, so user_joined/user_left fire for a user's first and last socket. */
  private readonly users = new Map<string, number>();
  private readonly listener = (payload: string) => this.enqueue(() => this.relay(payload));
  private readonly recheckTimer: NodeJS.Timeout;
  private recheckQueued = false;

  constructor(
    private readonly gateway: Gateway,
    readonly chatId: string,
    private readonly onEmpty: (hub: ChatHub) => void,
  ) {
    this.topic = channels.chat(chatId);
    // Subscribe before reading anything from PostgreSQL: whatever commits after the read arrives on the bus.
    this.subscribed = gateway.bus.subscribe(this.topic, this.listener);
    this.subscribed.catch(() => {});
    this.recheckTimer = setInterval(() => this.queueRecheck(), gateway.config.MEMBERSHIP_RECHECK_MS);
    this.recheckTimer.unref();
  }

  /** A socket joins: membership check, catch-up, then replay from `sinceSeq` and live frames. */
  add(conn: Conn, sinceSeq?: number): void {
    const entry: ChatEntry = { state: "joining", buffer: [], counted: false };
    conn.chats ??= new Map();
    conn.chats.set(this.chatId, entry);
    this.gateway.metrics.joinedChats.inc();
    this.conns.add(conn);
    this.enqueue(() => this.admit(conn, entry, sinceSeq));
  }

  /** A join for a chat the socket already has: confirmed, or replayed from `sinceSeq`. */
  rejoin(conn: Conn, entry: ChatEntry, sinceSeq?: number): void {
    this.enqueue(() => this.confirm(conn, entry, sinceSeq));
  }

  /** The socket leaves the chat (leave, close, removal); the last one to leave disposes the hub. */
  remove(conn: Conn): void {
    const entry = conn.chats?.get(this.chatId);
    if (!entry) return;
    conn.chats?.delete(this.chatId);
    this.gateway.metrics.joinedChats.dec();
    clearTyping(this.gateway, conn, this.chatId);
    if (entry.state === "live" && !conn.closed) conn.ws?.unsubscribe(this.topic);
    if (entry.counted) this.uncount(conn.userId);
    this.conns.delete(conn);
    if (this.conns.size === 0) this.dispose();
  }

  /** After the bus lost its connection: relay what was missed from PostgreSQL and re-check members. */
  resync(): void {
    this.enqueue(() => this.resyncTask());
  }

  /** Stops the hub: no task runs after this, and the bus subscription is dropped. Resolves when idle. */
  dispose(): Promise<void> {
    if (!this.disposed) {
      this.disposed = true;
      clearInterval(this.recheckTimer);
      this.onEmpty(this);
      this.gateway.bus
        .unsubscribe(this.topic, this.listener)
        .catch((error: unknown) =>
          this.gateway.logger.warn({ err: error, chatId: this.chatId }, "unsubscribe failed"),
        );
    }
    return this.tail;
  }

  private enqueue(task: () => Promise<void>): void {
    this.tail = this.tail
      .then(() => (this.disposed ? undefined : task()))
      .catch((error: unknown) =>
        this.gateway.logger.error({ err: error, chatId: this.chatId }, "chat task failed"),
      );
  }

  /** Whether a socket's entry for this chat is still the one a task was started for. */
  private isCurrent(conn: Conn, entry: ChatEntry): boolean {
    return !this.disposed && !conn.closed && conn.chats?.get(this.chatId) === entry;
  }

  private async prime(): Promise<void> {
    await this.subscribed;
    const chat = await findChat(this.gateway.db.db, this.chatId);
    if (this.primed) return;
    this.lastSeq = chat?.lastSeq ?? 0;
    this.primed = true;
  }

  private async admit(conn: Conn, entry: ChatEntry, sinceSeq?: number): Promise<void> {
    if (!this.isCurrent(conn, entry)) return;
    let membership: Awaited<ReturnType<typeof findMembership>>;
    try {
      if (!this.primed) await this.prime();
      membership = await findMembership(this.gateway.db.db, this.chatId, conn.userId);
    } catch (error) {
      this.gateway.logger.warn({ err: error, chatId: this.chatId }, "join failed");
      if (!this.isCurrent(conn, entry)) return;
      this.remove(conn);
      sendFrame(this.gateway, conn, errorFrame("UNAVAILABLE", "try again shortly", this.chatId));
      return;
    }
    if (!this.isCurrent(conn, entry)) return;
    if (!membership) {
      this.remove(conn);
      sendFrame(this.gateway, conn, errorFrame("NOT_FOUND", "chat not found", this.chatId));
      return;
    }
    if (membership.lastSeq > this.lastSeq) await this.catchUp(membership.lastSeq);
    if (!this.isCurrent(conn, entry)) return;
    entry.counted = true;
    this.count(conn.userId);
    this.startReplay(conn, entry, sinceSeq);
  }

  /**
   * Without sinceSeq a repeated join only confirms: leaving the topic would discard frames uWS has not
   * flushed yet. With sinceSeq it replays; anything discarded then is at most the chat's last seq, which
   * the replay covers.
   */
  private async confirm(conn: Conn, entry: ChatEntry, sinceSeq?: number): Promise<void> {
    if (!this.isCurrent(conn, entry) || entry.state !== "live") return;
    if (sinceSeq === undefined) {
      sendFrame(this.gateway, conn, { type: "joined", chatId: this.chatId, lastSeq: this.lastSeq });
      return;
    }
    try {
      await this.evictNonMembers([conn.userId]);
    } catch (error) {
      this.gateway.logger.warn({ err: error, chatId: this.chatId }, "membership check before replay failed");
      sendFrame(this.gateway, conn, errorFrame("UNAVAILABLE", "try again shortly", this.chatId));
      return;
    }
    if (!this.isCurrent(conn, entry)) return;
    conn.ws?.unsubscribe(this.topic);
    this.startReplay(conn, entry, sinceSeq);
  }

  /** From here on, frames for this chat go to the entry's buffer until the replay takes the socket live. */
  private startReplay(conn: Conn, entry: ChatEntry, sinceSeq?: number): void {
    entry.state = "replaying";
    entry.buffer = [];
    const target = { chatId: this.chatId, topic: this.topic, isCurrent: this.isCurrent.bind(this) };
    replayToLive(this.gateway, target, conn, entry, this.lastSeq, sinceSeq).catch((error: unknown) => {
      this.gateway.logger.warn({ err: error, chatId: this.chatId }, "replay failed");
      if (!this.isCurrent(conn, entry)) return;
      this.remove(conn);
      sendFrame(this.gateway, conn, errorFrame("UNAVAILABLE", "replay failed; join again", this.chatId));
    });
  }

  /**
   * Handles one bus payload. Messages go out in seq order exactly once: an old seq is dropped, and a seq
   * beyond the next one (a publish the bus lost, or two api nodes publishing out of order) is preceded
   * by the missing messages read from PostgreSQL, where they are already committed.
   */
  private async relay(payload: string): Promise<void> {
    if (!this.primed) return;
    const decoded = decodeChatMessage(payload);
    if (!decoded) {
      this.gateway.logger.warn({ chatId: this.chatId }, "bus payload is not a ChatBusMessage; dropped");
      return;
    }
    const { frame, requestId } = decoded;
    if (!("chatId" in frame) || frame.chatId !== this.chatId || !RELAYED_TYPES.has(frame.type)) return;
    if (frame.type === "new_message") {
      const seq = frame.message.seq;
      if (seq <= this.lastSeq) return;
      if (seq > this.lastSeq + 1) await this.catchUp(seq - 1);
      if (seq <= this.lastSeq || this.disposed) return;
      this.lastSeq = seq;
      this.gateway.metrics.busLag.observe(
        Math.max(0, Date.now() - Date.parse(frame.message.createdAt)) / 1000,
      );
    }
    // uWS delivers topic messages at the end of the loop iteration, so the removed member's sockets leave
    // the topic first and get the frame directly; everyone else gets it from the topic.
    if (frame.type === "member_removed") this.evict(frame.userId);
    this.publish(frame);
    this.gateway.logger.debug(
      {
        chatId: this.chatId,
        frame: frame.type,
        seq: frame.type === "new_message" ? frame.message.seq : undefined,
        requestId,
      },
      "frame relayed",
    );
  }

  /**
   * Relays every committed message up to `targetSeq` that the topic has not seen, from PostgreSQL, after
   * evicting whoever stopped being a member: the gap may hold what a removed member must not read. A gap
   * too large to push (or a failed read) sends the chat's sockets away with RESYNC: they reconnect and
   * recover by seq, so nothing is silently skipped.
   */
  private async catchUp(targetSeq: number): Promise<void> {
    if (targetSeq <= this.lastSeq) return;
    if (targetSeq - this.lastSeq > this.gateway.config.WS_REPLAY_LIMIT) {
      this.forceResync(targetSeq);
      return;
    }
    try {
      await this.evictNonMembers();
      if (this.disposed) return;
      for await (const messages of messagePages(this.gateway.db, this.chatId, this.lastSeq, targetSeq)) {
        if (this.disposed) return;
        for (const message of messages) {
          this.lastSeq = message.seq;
          this.gateway.metrics.gapFills.inc();
          this.publish({ type: "new_message", chatId: this.chatId, message });
        }
      }
    } catch (error) {
      this.gateway.logger.error(
        { err: error, chatId: this.chatId },
        "catch-up read failed; sockets must resync",
      );
      this.forceResync(targetSeq);
    }
  }

  private forceResync(targetSeq: number): void {
    this.lastSeq = Math.max(this.lastSeq, targetSeq);
    for (const conn of this.conns) {
      if (conn.chats?.get(this.chatId)?.state !== "joining") closeConn(conn, CloseCode.RESYNC);
    }
  }

  /** Members are re-checked before the gap is relayed, so a removal lost in the outage hides the gap too. */
  private async resyncTask(): Promise<void> {
    if (!this.primed) return;
    const chat = await findChat(this.gateway.db.db, this.chatId);
    if (this.disposed) return;
    if (chat && chat.lastSeq > this.lastSeq) await this.catchUp(chat.lastSeq);
    else await this.evictNonMembers();
  }

  /** One re-check at a time: a busy chat's queue does not pile them up. */
  private queueRecheck(): void {
    if (this.recheckQueued) return;
    this.recheckQueued = true;
    this.enqueue(async () => {
      this.recheckQueued = false;
      await this.evictNonMembers().catch((error: unknown) =>
        this.gateway.logger.warn({ err: error, chatId: this.chatId }, "membership re-check failed"),
      );
    });
  }

  /**
   * Evicts the sockets of users who are no longer active members, with one query for all of them. A
   * socket still joining is left to its own membership check.
   */
  private async evictNonMembers(userIds = this.settledUserIds()): Promise<void> {
    if (userIds.length === 0) return;
    const active = new Set(await findActiveMemberIds(this.gateway.db.db, this.chatId, userIds));
    if (this.disposed) return;
    for (const userId of userIds) {
      if (active.has(userId)) continue;
      this.evict(userId);
      this.publish({ type: "member_removed", chatId: this.chatId, userId });
    }
  }

  private settledUserIds(): string[] {
    const userIds = new Set<string>();
    for (const conn of this.conns) {
      if (conn.chats?.get(this.chatId)?.state !== "joining") userIds.add(conn.userId);
    }
    return [...userIds];
  }

  /** A removed member's sockets leave the chat at once and are told so directly. */
  private evict(userId: string): void {
    for (const conn of [...this.conns]) {
      const entry = conn.chats?.get(this.chatId);
      if (conn.userId !== userId || !entry || entry.state === "joining") continue;
      this.remove(conn);
      sendFrame(this.gateway, conn, { type: "member_removed", chatId: this.chatId, userId });
    }
  }

  private publish(frame: ServerFrame): void {
    if (!this.disposed) fanOut(this.gateway, this, frame);
  }

  private count(userId: string): void {
    const sockets = (this.users.get(userId) ?? 0) + 1;
    this.users.set(userId, sockets);
    if (sockets === 1 && this.users.size <= this.gateway.config.WS_JOIN_LEAVE_MAX_USERS) {
      void publishToChat(this.gateway, this.chatId, { type: "user_joined", chatId: this.chatId, userId });
    }
  }

  private uncount(userId: string): void {
    const sockets = (this.users.get(userId) ?? 1) - 1;
    if (sockets > 0) {
      this.users.set(userId, sockets);
      return;
    }
    const announce = this.users.size <= this.gateway.config.WS_JOIN_LEAVE_MAX_USERS;
    this.users.delete(userId);
    if (announce)
      void publishToChat(this.gateway, this.chatId, { type: "user_left", chatId: this.chatId, userId });
  }
}
