import type { AddressInfo } from "node:net";
import { ControlMessage, channels } from "@chat/shared/contracts";
import { serve } from "@hono/node-server";
import { type ApiDeps, createApp } from "./app";

export type { ApiDeps } from "./app";
export type { ApiConfig } from "./config";

export interface ApiHandle {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the REST app on API_PORT (0 = any free port) with injected clients; closing stops the server
 * and what the app built, never the injected deps. A user_banned control message drops that user's
 * cached profile at once, so the ban applies on the next request.
 */
export async function startApi(deps: ApiDeps): Promise<ApiHandle> {
  const { app, knownUsers, close: closeApp } = createApp(deps);
  const onControl = (payload: string) => {
    const parsed = ControlMessage.safeParse(safeJson(payload));
    if (parsed.success && parsed.data.type === "user_banned") knownUsers.forget(parsed.data.userId);
  };
  await deps.bus.subscribe(channels.control, onControl);

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port: deps.config.API_PORT, hostname: deps.config.HOST }, () =>
      resolve(instance),
    );
    instance.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  deps.logger.info({ port }, "api listening");

  return {
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      });
      await deps.bus.unsubscribe(channels.control, onControl).catch(() => {});
      await closeApp();
    },
  };
}

function safeJson(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}
