import { AppError, type ErrorCode, isTransientError } from "@chat/shared/errors";
import type { Logger } from "@chat/shared/logger";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { appErrorResponse, problemResponse } from "./problem";

const codeByHttpStatus: Record<number, ErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

/** Expected failures render as their problem; anything else is logged with its stack and answered opaquely. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof AppError) return appErrorResponse(c, error);
  if (error instanceof HTTPException) {
    const code = codeByHttpStatus[error.status];
    if (code) return problemResponse(c, code, error.message || "bad request");
  }
  const logger = c.get("logger") as Logger | undefined;
  if (isTransientError(error)) {
    logger?.warn({ err: error }, "dependency unavailable");
    return problemResponse(c, "UNAVAILABLE", "a dependency is unavailable; retry shortly", {
      headers: { "Retry-After": "1" },
    });
  }
  logger?.error({ err: error }, "unhandled error");
  return problemResponse(c, "INTERNAL", "internal error");
}
