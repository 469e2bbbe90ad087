import uWS from "uWebSockets.js";
import { decodeControlMessage } from "@chat/shared/bus";
import type { ClientFrame } from "@chat/shared/contracts";
import { CloseCode, POLICY_VIOLATION } from "./close-codes";
import type { Conn } from "./connection";
import { closeConn, type Gateway, sendFrame } from "./gateway";
import { errorFrame, parseClientFrame } from "./protocol";
import { takeToken } from "./rate-limit";
import type { ChatSubscriptions } from "./subscriptions";
import { setTyping } from "./typing";
import { createUpgradeHandler, type UpgradeOptions } from "./upgrade";

/**
 * uWS enforces its own limits by dropping the TCP connection without a close frame (the client sees
 * 1006). So they sit at this multiple of ours, as backstops: the node enforces WS_MAX_PAYLOAD_BYTES and
 * WS_MAX_BACKPRESSURE_BYTES itself, with a close frame (1009, 4008) that still fits in the buffer.
 */
const UWS_BACKSTOP_FACTOR = 4;

/** Mounts `/ws` and `/ws/chat/:chatId` on the gateway's uWS app, with the limits of the config. */
export function mountWsRoutes(gateway: Gateway, subscriptions: ChatSubscriptions, options: UpgradeOptions) {
  const { config } = gateway;
  const behavior: uWS.WebSocketBehavior<Conn> = {
    compression: uWS.DISABLED,
    maxPayloadLength: config.WS_MAX_PAYLOAD_BYTES * UWS_BACKSTOP_FACTOR,
    // A burst relayed within one event-loop turn reaches a socket's buffer only after the turn, past
    // fanOut's check; the headroom lets the SLOW_CONSUMER cut (and its close frame) come first.
    maxBackpressure: config.WS_MAX_BACKPRESSURE_BYTES * UWS_BACKSTOP_FACTOR,
    // Typed as a number, read as a boolean: without it uWS would silently skip frames for a slow reader.
    closeOnBackpressureLimit: 1,
    idleTimeout: config.WS_IDLE_TIMEOUT_SEC,
    sendPingsAutomatically: true,
    upgrade: createUpgradeHandler(gateway, options),
    open: (ws) => {
      const conn = ws.getUserData();
      conn.ws = ws;
      if (gateway.conns.countOf(conn.userId) >= config.WS_MAX_CONNECTIONS_PER_USER) {
        closeConn(conn, CloseCode.TOO_MANY_CONNECTIONS);
        return;
      }
      gateway.conns.add(conn);
      gateway.metrics.socketsOpen.set(gateway.conns.size);
      gateway.presence?.touch([conn.userId]).catch(() => {});
      if (conn.initialChat) subscriptions.join(conn, conn.initialChat.chatId, conn.initialChat.sinceSeq);
      conn.initialChat = null;
    },
    message: (ws, data, isBinary) => handleMessage(gateway, subscriptions, ws.getUserData(), data, isBinary),
    drain: (ws) => {
      for (const resume of [...(ws.getUserData().drainWaiters ?? [])]) resume();
    },
    close: (ws, code) => {
      const conn = ws.getUserData();
      conn.closed = true;
      conn.ws = null;
      for (const resume of [...(conn.drainWaiters ?? [])]) resume();
      subscriptions.dropConn(conn);
      for (const timer of conn.typingTimers?.values() ?? []) clearTimeout(timer);
      if (!gateway.conns.has(conn)) return;
      const lastOfUser = gateway.conns.remove(conn);
      gateway.metrics.socketsOpen.set(gateway.conns.size);
      if (lastOfUser) gateway.presence?.clear(conn.userId).catch(() => {});
      gateway.logger.debug({ connId: conn.id, code }, "socket closed");
    },
  };
  gateway.app
    .ws("/ws", behavior)
    .ws("/ws/chat/:chatId", behavior)
    .any("/*", (res) => {
      res.writeStatus("404 Not Found").end();
    });
}

function handleMessage(
  gateway: Gateway,
  subscriptions: ChatSubscriptions,
  conn: Conn,
  data: ArrayBuffer,
  isBinary: boolean,
): void {
  if (data.byteLength > gateway.config.WS_MAX_PAYLOAD_BYTES) {
    gateway.metrics.framesIn.inc({ outcome: "too_big" });
    closeConn(conn, CloseCode.MESSAGE_TOO_BIG);
    return;
  }
  if (!takeToken(conn, gateway.config.WS_FRAMES_PER_SEC, gateway.config.WS_FRAMES_PER_SEC * 2)) {
    refuseFrame(gateway, conn);
    return;
  }
  const parsed = parseClientFrame(data, isBinary);
  if (!parsed.ok) {
    gateway.metrics.framesIn.inc({ outcome: "bad" });
    sendFrame(gateway, conn, parsed.error);
    return;
  }
  gateway.metrics.framesIn.inc({ outcome: "ok" });
  dispatchFrame(gateway, subscriptions, conn, parsed.frame);
}

function dispatchFrame(gateway: Gateway, subscriptions: ChatSubscriptions, conn: Conn, frame: ClientFrame) {
  switch (frame.type) {
    case "ping":
      sendFrame(gateway, conn, { type: "pong" });
      return;
    case "join_chat":
      subscriptions.join(conn, frame.chatId, frame.sinceSeq);
      return;
    case "leave_chat":
      subscriptions.leave(conn, frame.chatId);
      return;
    case "typing": {
      const entry = conn.chats?.get(frame.chatId);
      if (!entry || entry.state === "joining") {
        sendFrame(gateway, conn, errorFrame("NOT_JOINED", "join the chat first", frame.chatId));
        return;
      }
      setTyping(gateway, conn, frame.chatId, frame.isTyping);
    }
  }
}

/** One RATE_LIMITED error per second window; more refused frames in a window than the rate is abuse. */
function refuseFrame(gateway: Gateway, conn: Conn): void {
  gateway.metrics.framesIn.inc({ outcome: "rate_limited" });
  const now = Date.now();
  if (now - conn.refusedWindowStartMs >= 1000) {
    conn.refusedCount = 0;
    conn.refusedWindowStartMs = now;
  }
  conn.refusedCount += 1;
  if (conn.refusedCount === 1) {
    sendFrame(
      gateway,
      conn,
      errorFrame("RATE_LIMITED", `at most ${gateway.config.WS_FRAMES_PER_SEC} frames a second`),
    );
  }
  if (conn.refusedCount > gateway.config.WS_FRAMES_PER_SEC) closeConn(conn, POLICY_VIOLATION);
}

/** Handles the control channel: a banned user's sockets are closed on every node. */
export function handleControlPayload(gateway: Gateway, payload: string): void {
  const message = decodeControlMessage(payload);
  if (message?.type === "user_banned") {
    for (const conn of gateway.conns.ofUser(message.userId)) closeConn(conn, CloseCode.BANNED);
  }
}
