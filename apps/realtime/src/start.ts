import uWS from "uWebSockets.js";
import type { DbClient } from "@chat/db";
import { findUsers } from "@chat/db/queries";
import { createTokenVerifier, type VerifyToken } from "@chat/shared/auth";
import type { Bus } from "@chat/shared/bus";
import { channels } from "@chat/shared/contracts";
import { realtimeOpsPort } from "@chat/shared/env";
import type { Logger } from "@chat/shared/logger";
import { startOpsServer } from "@chat/shared/ops";
import type { Presence } from "@chat/shared/presence";
import type { Registry } from "prom-client";
import { CloseCode } from "./close-codes";
import type { RealtimeConfig } from "./config";
import { ConnRegistry } from "./connection";
import { closeConn, type Gateway } from "./gateway";
import { createRealtimeMetrics } from "./metrics";
import { assertNativeUws } from "./native-uws";
import { handleControlPayload, mountWsRoutes } from "./server";
import { ChatSubscriptions } from "./subscriptions";

export interface RealtimeDeps {
  config: RealtimeConfig;
  db: DbClient;
  bus: Bus;
  presence?: Presence;
  logger: Logger;
  registry: Registry;
  /** Defaults to a verifier built from the config's JWT_SECRET or JWKS settings. */
  verifyToken?: VerifyToken;
}

export interface RealtimeHandle {
  /** The WebSocket port (REALTIME_PORT, or the one picked when it was 0). */
  port: number;
  /** The port of /health, /ready and /metrics. */
  httpPort: number;
  /** Stops accepting, sends every socket 1012 (reconnect elsewhere), and returns within SHUTDOWN_TIMEOUT_MS. */
  close(): Promise<void>;
}

/** Starts a realtime node on injected clients; it never reads process.env and never builds clients. */
export async function startRealtime(deps: RealtimeDeps): Promise<RealtimeHandle> {
  assertNativeUws();
  const { config, logger, bus } = deps;
  const gateway: Gateway = {
    config,
    db: deps.db,
    bus,
    presence: deps.presence,
    logger,
    metrics: createRealtimeMetrics(deps.registry),
    app: uWS.App(),
    conns: new ConnRegistry((conn) => closeConn(conn, CloseCode.UNAUTHORIZED)),
  };
  const subscriptions = new ChatSubscriptions(gateway);
  let draining = false;
  const isDraining = () => draining;
  mountWsRoutes(gateway, subscriptions, {
    verifyToken: deps.verifyToken ?? createTokenVerifier(config),
    isDraining,
  });

  const onControl = (payload: string) => handleControlPayload(gateway, payload);
  await bus.subscribe(channels.control, onControl);
  bus.onResubscribed(() => {
    if (draining) return;
    logger.warn(
      { chats: subscriptions.chatCount },
      "bus reconnected; resyncing joined chats from PostgreSQL",
    );
    subscriptions.resyncAll();
    void recheckBans(gateway);
  });

  const presenceTimer = setInterval(
    () => {
      const userIds = gateway.conns.userIds();
      if (userIds.length) deps.presence?.touch(userIds).catch(() => {});
    },
    Math.floor(config.PRESENCE_TTL_MS / 3),
  );
  presenceTimer.unref();

  const listenSocket = await listen(gateway.app, config.HOST, config.REALTIME_PORT);
  const port = uWS.us_socket_local_port(listenSocket);
  const health = await startOpsServer({
    host: config.HOST,
    port: realtimeOpsPort(config),
    portVariable: "REALTIME_HTTP_PORT",
    registry: deps.registry,
    checks: {
      postgres: () => deps.db.ping(),
      bus: () => bus.ping(),
    },
    isDraining,
    onFailure: (check, error) => logger.warn({ err: error, check }, "readiness check failed"),
  });
  logger.info({ port, httpPort: health.port }, "realtime listening");

  let closing: Promise<void> | undefined;
  async function shutdown() {
    draining = true;
    uWS.us_listen_socket_close(listenSocket);
    clearInterval(presenceTimer);
    for (const conn of gateway.conns.all()) closeConn(conn, CloseCode.SERVICE_RESTART);
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS / 2;
    while (gateway.conns.size > 0 && Date.now() < deadline) await sleep(20);
    for (const conn of gateway.conns.all()) if (!conn.closed) conn.ws?.close();
    await bus.unsubscribe(channels.control, onControl).catch(() => {});
    await subscriptions.closeAll();
    await health.close();
    logger.info("realtime stopped");
  }

  return {
    port,
    httpPort: health.port,
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}

/** After a bus outage a user_banned control message may have been lost: ask PostgreSQL instead. */
async function recheckBans(gateway: Gateway): Promise<void> {
  try {
    const users = await findUsers(gateway.db.db, gateway.conns.userIds());
    for (const user of users) {
      if (!user.bannedAt && !user.deletedAt) continue;
      for (const conn of gateway.conns.ofUser(user.id)) closeConn(conn, CloseCode.BANNED);
    }
  } catch (error) {
    gateway.logger.warn({ err: error }, "ban re-check failed");
  }
}

function listen(app: uWS.TemplatedApp, host: string, port: number): Promise<uWS.us_listen_socket> {
  return new Promise((resolve, reject) => {
    app.listen(host, port, (socket) => {
      if (socket) resolve(socket);
      else reject(new Error(`realtime could not listen on ${host}:${port}`));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
