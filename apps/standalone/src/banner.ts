import type { StandaloneHandle } from "./start";

/**
 * What a new user needs after `pnpm start`: where things are and how to get a token. Every port the
 * process opens is named with the variable that moves it, so a clash is one setting away from fixed.
 */
export function formatBanner(handle: StandaloneHandle): string {
  const storage = handle.dataDir
    ? `embedded PostgreSQL, data in ${handle.dataDir} (kept across restarts)`
    : "PostgreSQL from DATABASE_URL";
  const database =
    handle.embeddedPgPort === null
      ? []
      : [`  PostgreSQL    127.0.0.1:${handle.embeddedPgPort}  (EMBEDDED_PG_PORT, this machine only)`];
  return [
    "",
    "chat-svc is running (api + realtime + worker in one process)",
    `  REST API      http://localhost:${handle.apiPort}  (API_PORT)`,
    `  API docs      http://localhost:${handle.apiPort}/docs`,
    `  WebSocket     ws://localhost:${handle.realtimePort}/ws?token=<token>  (REALTIME_PORT)`,
    `  Health        http://localhost:${handle.apiPort}/health  /ready  /metrics`,
    `  Realtime ops  http://localhost:${handle.realtimeHttpPort}/ready  (REALTIME_HTTP_PORT)`,
    `  Worker ops    http://localhost:${handle.workerHttpPort}/ready  (WORKER_HTTP_PORT)`,
    ...database,
    `  Storage       ${storage}`,
    `  Listening on  ${handle.host}${handle.host === "127.0.0.1" ? " only (HOST=0.0.0.0 opens it to the network)" : ""}`,
    "",
    "  Mint a token: pnpm token alice    (a moderator: pnpm token mod1 moderator)",
    "  Stop:         Ctrl-C",
    "",
  ].join("\n");
}
