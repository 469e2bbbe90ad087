import { listMessages } from "@chat/db/queries";
import { ChatBusMessage, type ServerFrame } from "@chat/shared/contracts";
import { CloseCode } from "./close-codes";
import type { Conn } from "./connection";
import { bufferedBytes, closeConn, type Gateway } from "./gateway";
import type { Hub } from "./hub";
import { serializeFrame } from "./protocol";

const PAGE_SIZE = 100;
/** Frames a replaying socket may accumulate before it counts as a slow consumer. */
const REPLAY_BUFFER_LIMIT = 5000;
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
 * Serializes once and hands the frame to the topic, and to the buffers of sockets still replaying. A
 * live socket with half of WS_MAX_BACKPRESSURE_BYTES still unsent is cut off with SLOW_CONSUMER before
 * uWS's own limit would drop it with a bare 1006; either way the client reconnects and recovers by seq.
 */
export function publishToTopic(gateway: Gateway, hub: Hub, frame: ServerFrame): void {
  if (hub.disposed) return;
  const json = serializeFrame(frame);
  const slowBytes = gateway.config.WS_MAX_BACKPRESSURE_BYTES / 2;
  for (const conn of hub.conns) {
    const entry = conn.chats?.get(hub.chatId);
    if (entry?.state === "live" && bufferedBytes(conn) > slowBytes) cutSlowConsumer(gateway, conn);
    if (entry?.state !== "replaying") continue;
    entry.buffer.push(json);
    if (entry.buffer.length > REPLAY_BUFFER_LIMIT) cutSlowConsumer(gateway, conn);
  }
  gateway.app.publish(hub.topic, json);
  gateway.metrics.deliveries.inc({ kind: "topic" }, gateway.app.numSubscribers(hub.topic));
}

function cutSlowConsumer(gateway: Gateway, conn: Conn): void {
  gateway.metrics.slowConsumers.inc();
  closeConn(conn, CloseCode.SLOW_CONSUMER);
}

/**
 * Handles one bus payload for a chat. Messages go out in seq order exactly once: an old seq is dropped,
 * and a seq beyond the next one (a publish the bus lost, or two api nodes publishing out of order) is
 * preceded by the missing messages read from PostgreSQL, where they are already committed.
 */
export async function relayBusPayload(
  gateway: Gateway,
  hub: Hub,
  payload: string,
  evict: (userId: string) => void,
): Promise<void> {
  if (!hub.primed) return;
  const decoded = decodeBusPayload(gateway, payload);
  if (!decoded) return;
  const { frame, requestId } = decoded;
  if (!("chatId" in frame) || frame.chatId !== hub.chatId || !RELAYED_TYPES.has(frame.type)) return;
  if (frame.type === "new_message") {
    const seq = frame.message.seq;
    if (seq <= hub.lastSeq) return;
    if (seq > hub.lastSeq + 1) await catchUp(gateway, hub, seq - 1);
    if (seq <= hub.lastSeq || hub.disposed) return;
    hub.lastSeq = seq;
    gateway.metrics.busLag.observe(Math.max(0, Date.now() - Date.parse(frame.message.createdAt)) / 1000);
  }
  // uWS delivers topic messages at the end of the loop iteration, so the removed member's sockets leave
  // the topic first and get the frame directly; everyone else gets it from the topic.
  if (frame.type === "member_removed") evict(frame.userId);
  publishToTopic(gateway, hub, frame);
  gateway.logger.debug(
    {
      chatId: hub.chatId,
      frame: frame.type,
      seq: frame.type === "new_message" ? frame.message.seq : undefined,
      requestId,
    },
    "frame relayed",
  );
}

function decodeBusPayload(gateway: Gateway, payload: string): ChatBusMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    gateway.logger.warn("bus payload is not JSON; dropped");
    return null;
  }
  const parsed = ChatBusMessage.safeParse(json);
  if (parsed.success) return parsed.data;
  gateway.logger.warn(
    { issues: parsed.error.issues.slice(0, 3) },
    "bus payload is not a ChatBusMessage; dropped",
  );
  return null;
}

/**
 * Relays every committed message up to `targetSeq` that the topic has not seen, from PostgreSQL. A gap
 * too large to push (or a failed read) sends the chat's sockets away with RESYNC: they reconnect and
 * recover by seq, so nothing is silently skipped.
 */
export async function catchUp(gateway: Gateway, hub: Hub, targetSeq: number): Promise<void> {
  if (targetSeq - hub.lastSeq > gateway.config.WS_REPLAY_LIMIT) {
    forceResync(hub, targetSeq);
    return;
  }
  try {
    while (hub.lastSeq < targetSeq && !hub.disposed) {
      const page = await listMessages(gateway.db.db, {
        chatId: hub.chatId,
        after: hub.lastSeq,
        limit: Math.min(PAGE_SIZE, targetSeq - hub.lastSeq),
      });
      if (hub.disposed) return;
      const next = page.items.filter((message) => message.seq <= targetSeq);
      if (next.length === 0) break;
      for (const message of next) {
        hub.lastSeq = message.seq;
        gateway.metrics.gapFills.inc();
        publishToTopic(gateway, hub, { type: "new_message", chatId: hub.chatId, message });
      }
    }
  } catch (error) {
    gateway.logger.error({ err: error, chatId: hub.chatId }, "catch-up read failed; sockets must resync");
    forceResync(hub, targetSeq);
  }
}

function forceResync(hub: Hub, targetSeq: number): void {
  hub.lastSeq = Math.max(hub.lastSeq, targetSeq);
  for (const conn of hub.conns) {
    if (conn.chats?.get(hub.chatId)?.state !== "joining") closeConn(conn, CloseCode.RESYNC);
  }
}
