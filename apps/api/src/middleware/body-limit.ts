import { AppError } from "@chat/shared/errors";
import { bodyLimit } from "hono/body-limit";

/** Counts the bytes actually read as well as Content-Length, so chunked bodies are limited too. */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `request body is over ${maxBytes} bytes`);
    },
  });
}
