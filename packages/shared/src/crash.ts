import type { Logger } from "./logger";

/** Errors with which a database or broker connection dies; the client reconnects, so the process need not. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
]);
const DRIVER_FRAME = /[\\/]postgres[\\/](?:cjs[\\/])?src[\\/]connection\.js/;

/**
 * True for the errors a dying PostgreSQL connection raises outside any caller: postgres.js's own frames
 * throwing from a timer (porsager/postgres #1154, #1208; patched, kept as a second line), or a connection
 * error nobody awaited. Anything else means our own state is unknown, and the process must stop.
 */
export function isConnectionFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  return error instanceof TypeError && DRIVER_FRAME.test(error.stack?.split("\n")[1] ?? "");
}

/**
 * Routes uncaught exceptions and unhandled rejections: a connection fault is logged and the process
 * carries on (its clients reconnect), anything else goes to `fatal`, which stops the process in order.
 */
export function handleCrashes(options: { logger: Logger; fatal: (error: unknown) => void }): void {
  const route = (kind: string) => (error: unknown) => {
    if (isConnectionFault(error)) {
      options.logger.error({ err: error, kind }, "survived a connection fault outside any request");
      return;
    }
    options.logger.fatal({ err: error, kind }, "crashed");
    options.fatal(error);
  };
  process.on("uncaughtException", route("uncaughtException"));
  process.on("unhandledRejection", route("unhandledRejection"));
}
