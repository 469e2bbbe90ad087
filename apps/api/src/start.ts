import type { AddressInfo } from "node:net";
import { decodeControlMessage } from "@chat/shared/bus";
import { channels } from "@chat/shared/contracts";
import { serve } from "@hono/node-server";
import { type ApiDeps, createApp } from "./app";
import { answerClientError } from "./http/client-error";

export type { ApiDeps } from "./app";
export type { ApiConfig } from "./config";

export interface ApiHandle {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the REST app on API_PORT (0 = any free port) with injected clients. Closing stops accepting,
 * answers in-flight requests with `Connection: close`, cuts connections still open after half of
 * SHUTDOWN_TIMEOUT_MS, then releases what the app built; the injected deps stay the caller's.
 * A user_banned control message drops that user's cached profile, so the ban applies on the next request.
 */
export async function startApi(deps: ApiDeps): Promise<ApiHandle> {
  const { app, knownUsers, close: closeApp } = createApp(deps);
  const onControl = (payload: string) => {
    const message = decodeControlMessage(payload);
    if (message?.type === "user_banned") knownUsers.forget(message.userId);
  };
  await deps.bus.subscribe(channels.control, onControl);

  let closing = false;
  const fetch = async (request: Request): Promise<Response> => {
    const response = await app.fetch(request);
    if (!closing) return response;
    // Keep-alive clients would otherwise go on sending on their open connections and never let go.
    const headers = new Headers(response.headers);
    headers.set("connection", "close");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch, port: deps.config.API_PORT, hostname: deps.config.HOST }, () =>
      resolve(instance),
    );
    instance.once("error", reject);
  });
  server.on("clientError", answerClientError);
  const port = (server.address() as AddressInfo).port;
  deps.logger.info({ port }, "api listening");

  return {
    port,
    async close() {
      closing = true;
      await new Promise<void>((resolve) => {
        const drainMs = deps.config.SHUTDOWN_TIMEOUT_MS / 2;
        const startedMs = Date.now();
        const sweep = setInterval(() => {
          if (!("closeIdleConnections" in server)) return;
          if (Date.now() - startedMs > drainMs) server.closeAllConnections();
          else server.closeIdleConnections();
        }, 50);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
      });
      await deps.bus.unsubscribe(channels.control, onControl).catch(() => {});
      await closeApp();
    },
  };
}
