import type { ServerFrame } from "@chat/shared/contracts";
import { CloseCode } from "./close-codes";
import type { Conn } from "./connection";
import { bufferedBytes, closeConn, type Gateway } from "./gateway";
import { serializeFrame } from "./protocol";

/** Frames a replaying socket may accumulate before it counts as a slow consumer. */
const REPLAY_BUFFER_LIMIT = 5000;

/**
 * Serializes once and hands the frame to the chat's topic, and to the buffers of its sockets still
 * replaying. A live socket with half of WS_MAX_BACKPRESSURE_BYTES still unsent is cut off with
 * SLOW_CONSUMER before uWS's own limit would drop it; either way the client reconnects and recovers by seq.
 */
export function fanOut(
  gateway: Gateway,
  chat: { chatId: string; topic: string; conns: Iterable<Conn> },
  frame: ServerFrame,
): void {
  const json = serializeFrame(frame);
  const slowBytes = gateway.config.WS_MAX_BACKPRESSURE_BYTES / 2;
  for (const conn of chat.conns) {
    const entry = conn.chats?.get(chat.chatId);
    if (entry?.state === "live" && bufferedBytes(conn) > slowBytes) cutSlowConsumer(gateway, conn);
    if (entry?.state !== "replaying") continue;
    entry.buffer.push(json);
    if (entry.buffer.length > REPLAY_BUFFER_LIMIT) cutSlowConsumer(gateway, conn);
  }
  gateway.app.publish(chat.topic, json);
  gateway.metrics.deliveries.inc({ kind: "topic" }, gateway.app.numSubscribers(chat.topic));
}

export function cutSlowConsumer(gateway: Gateway, conn: Conn): void {
  gateway.metrics.slowConsumers.inc();
  closeConn(conn, CloseCode.SLOW_CONSUMER);
}
