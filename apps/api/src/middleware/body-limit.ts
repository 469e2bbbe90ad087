import { AppError } from "@chat/shared/errors";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";

/**
 * A Content-Length over the limit is refused up front, and Node's parser holds the body to it. Only a
 * body of unknown length is counted as it is read: hono's bodyLimit does that on the web stream, whose
 * Request @hono/node-server otherwise never builds (about a tenth of a send's CPU). GET bodies go unread.
 */
export function limitBody(maxBytes: number) {
  const tooLarge = () => {
    throw new AppError("PAYLOAD_TOO_LARGE", `request body is over ${maxBytes} bytes`);
  };
  const countChunks = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return createMiddleware(async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding")) return countChunks(c, next);
    if (Number(length) > maxBytes) tooLarge();
    await next();
  });
}
