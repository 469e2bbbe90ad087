import {
  type AppError,
  type ErrorCode,
  type FieldError,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemExtensions,
  toProblem,
} from "@chat/shared/errors";
import type { Context } from "hono";

/** Renders an RFC 9457 problem with the request id, so a client report can be matched to our logs. */
export function problemResponse(
  c: Context,
  code: ErrorCode,
  detail: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string>; extensions?: ProblemExtensions } = {},
): Response {
  const requestId = c.get("requestId") as string | undefined;
  const body: Problem = toProblem(code, detail, {
    requestId,
    errors: extra.errors,
    extensions: extra.extensions,
  });
  const headers = new Headers({ "content-type": PROBLEM_CONTENT_TYPE });
  for (const [name, value] of Object.entries(extra.headers ?? {})) headers.set(name, value);
  const requestHeaders = c.res.headers;
  for (const name of [
    "x-request-id",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "ratelimit-policy",
  ]) {
    const value = requestHeaders.get(name);
    if (value && !headers.has(name)) headers.set(name, value);
  }
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

export function appErrorResponse(c: Context, error: AppError): Response {
  return problemResponse(c, error.code, error.message, {
    errors: error.errors,
    headers: error.headers,
    extensions: error.extensions,
  });
}
