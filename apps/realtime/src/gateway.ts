import type { TemplatedApp } from "uWebSockets.js";
import type { DbClient } from "@chat/db";
import { type Bus, encodeChatMessage } from "@chat/shared/bus";
import { channels, type ServerFrame } from "@chat/shared/contracts";
import type { Logger } from "@chat/shared/logger";
import type { Presence } from "@chat/shared/presence";
import { CloseCode, closeReason } from "./close-codes";
import type { RealtimeConfig } from "./config";
import type { Conn, ConnRegistry } from "./connection";
import type { RealtimeMetrics } from "./metrics";
import { serializeFrame } from "./protocol";

/** The node's shared state and clients, handed to every module that touches sockets. */
export interface Gateway {
  config: RealtimeConfig;
  db: DbClient;
  bus: Bus;
  presence?: Presence;
  logger: Logger;
  metrics: RealtimeMetrics;
  app: TemplatedApp;
  conns: ConnRegistry;
}

const SEND_DROPPED = 2;

/** Sends one frame to one socket; a socket whose buffer is full is cut off (it recovers by seq). */
export function sendFrame(gateway: Gateway, conn: Conn, frame: ServerFrame | string): void {
  if (conn.closed || !conn.ws) return;
  const status = conn.ws.send(typeof frame === "string" ? frame : serializeFrame(frame));
  gateway.metrics.deliveries.inc({ kind: "direct" });
  if (status === SEND_DROPPED) {
    gateway.metrics.slowConsumers.inc();
    closeConn(conn, CloseCode.SLOW_CONSUMER);
  }
}

export function closeConn(conn: Conn, code: keyof typeof closeReason): void {
  if (conn.closed || !conn.ws) return;
  conn.ws.end(code, closeReason[code]);
}

/** Resolves true once the socket's outbound buffer drained, false if it closed or timed out. */
export function waitForDrain(conn: Conn, timeoutMs: number): Promise<boolean> {
  if (conn.closed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      conn.drainWaiters?.delete(done);
      resolve(!conn.closed);
    };
    const timer = setTimeout(() => {
      conn.drainWaiters?.delete(done);
      resolve(false);
    }, timeoutMs);
    conn.drainWaiters ??= new Set();
    conn.drainWaiters.add(done);
  });
}

export function bufferedBytes(conn: Conn): number {
  return conn.closed || !conn.ws ? 0 : conn.ws.getBufferedAmount();
}

/** Publishes a frame on a chat's bus channel, exactly as the api does; a lost publish is logged, not thrown. */
export function publishToChat(gateway: Gateway, chatId: string, frame: ServerFrame): Promise<void> {
  return gateway.bus
    .publish(channels.chat(chatId), encodeChatMessage({ frame }))
    .catch((error: unknown) => gateway.logger.warn({ err: error, chatId }, "bus publish failed"));
}
