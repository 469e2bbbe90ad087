import type { Socket } from "node:net";
import { type ErrorCode, PROBLEM_CONTENT_TYPE, toProblem } from "@chat/shared/errors";

const STATUS_LINE: Partial<Record<ErrorCode, string>> = {
  BAD_REQUEST: "400 Bad Request",
  REQUEST_TIMEOUT: "408 Request Timeout",
  HEADERS_TOO_LARGE: "431 Request Header Fields Too Large",
};

function classify(error: NodeJS.ErrnoException): { code: ErrorCode; detail: string } {
  if (error.code === "HPE_HEADER_OVERFLOW")
    return { code: "HEADERS_TOO_LARGE", detail: "request headers are over the server's limit" };
  if (error.code === "HPE_HEADER_TIMEOUT" || error.code === "ERR_HTTP_REQUEST_TIMEOUT")
    return { code: "REQUEST_TIMEOUT", detail: "the request did not arrive in time" };
  return { code: "BAD_REQUEST", detail: "malformed HTTP request" };
}

/**
 * Node's http server answers a request it cannot parse (headers too large, a malformed request line) itself,
 * before any route runs, with an empty body. This `clientError` listener gives those answers the same
 * problem+json body as every other error, then closes the connection, as Node's own answer does.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // As Node does: a response already under way would be corrupted by a second one.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { code, detail } = classify(error);
  const body = JSON.stringify(toProblem(code, detail));
  socket.end(
    `HTTP/1.1 ${STATUS_LINE[code]}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
