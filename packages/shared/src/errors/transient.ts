/**
 * Failures that say nothing about the request, only that a dependency is down, overloaded or lost a race:
 * the api answers them 503 with Retry-After, and the worker holds the message and retries it in place.
 */
const TRANSIENT_CODES = new Set([
  // Node sockets.
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  // postgres.js's own connection errors.
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // SQLSTATE: serialization failure, deadlock, too many connections, statement timeout or cancel,
  // admin/crash shutdown, cannot connect now.
  "40001",
  "40P01",
  "53300",
  "57014",
  "57P01",
  "57P02",
  "57P03",
]);

/** ioredis reports a lost or refused connection by message, not by code. */
const TRANSIENT_MESSAGE = /Connection is closed|MaxRetriesPerRequest|Stream isn't writeable/;

/** True when `error`, or an error in its `cause` chain, is transient; SQLSTATE class 08 is connection loss. */
export function isTransientError(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && (TRANSIENT_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === "string" && TRANSIENT_MESSAGE.test(message)) return true;
    current = cause;
  }
  return false;
}
