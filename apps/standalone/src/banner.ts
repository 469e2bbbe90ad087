import type { StandaloneHandle } from "./start";

/** What a new user needs after `pnpm start`: where things are and how to get a token. */
export function formatBanner(handle: StandaloneHandle): string {
  const storage = handle.dataDir
    ? `embedded PostgreSQL, data in ${handle.dataDir} (kept across restarts)`
    : "PostgreSQL from DATABASE_URL";
  return [
    "",
    "chat-svc is running (api + realtime + worker in one process)",
    `  REST API      http://localhost:${handle.apiPort}`,
    `  API docs      http://localhost:${handle.apiPort}/docs`,
    `  WebSocket     ws://localhost:${handle.realtimePort}/ws?token=<token>`,
    `  Health        http://localhost:${handle.apiPort}/health  /ready  /metrics`,
    `  Storage       ${storage}`,
    "",
    "  Mint a token: pnpm token alice    (a moderator: pnpm token mod1 moderator)",
    "  Stop:         Ctrl-C",
    "",
  ].join("\n");
}
