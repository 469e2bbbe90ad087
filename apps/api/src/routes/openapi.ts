import { type ErrorCode, Problem, toProblem } from "@chat/shared/errors";
import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { AppEnv } from "../http/app-env";
import { validationHook } from "../http/validation-hook";

/**
 * Names a contract as an OpenAPI component. The contracts may be built before @hono/zod-openapi added
 * `.openapi()` to zod, so the name goes on a clone made now; without the method the schema stays inline.
 */
export function named<T extends z.ZodType>(schema: T, name: string): T {
  const clone = schema.meta({}) as T & { openapi?: (refId: string) => T };
  return typeof clone.openapi === "function" ? clone.openapi(name) : schema;
}

export const ProblemSchema = named(Problem, "Problem");

const problemDescriptions: Record<number, string> = {
  400: "Invalid input (field errors in `errors`) or malformed JSON",
  401: "Missing, invalid or expired bearer token",
  403: "Banned caller, or the caller can see the chat but may not do this",
  404: "No such chat or message, or one the caller may not see",
  409: "Conflict with the current state (READ_ONLY for closed deal chats)",
  413: "Body over BODY_LIMIT_BYTES or content over MESSAGE_MAX_CHARS",
  415: "Content-Type is not application/json",
  422: "CONTENT_BLOCKED: the text broke a block rule or the safety policy; `category`, `categories`, `ruleId?`",
  429: "Send or read rate limit exceeded; see Retry-After and RateLimit-* headers",
};

const problemExamples: Record<number, [ErrorCode, string]> = {
  400: ["VALIDATION_FAILED", "content: must not be empty unless there are attachments"],
  401: ["UNAUTHORIZED", "token expired"],
  403: ["FORBIDDEN", "only the chat's owner may do this"],
  404: ["NOT_FOUND", "chat not found"],
  409: ["READ_ONLY", "the deal is completed; the chat is read-only"],
  413: ["PAYLOAD_TOO_LARGE", "content is longer than 4000 characters"],
  415: ["UNSUPPORTED_MEDIA_TYPE", "send application/json"],
  429: ["RATE_LIMITED", "rate limit exceeded; retry after 1 s"],
};

const header = (description: string, type: "string" | "integer") => ({ description, schema: { type } });

/** Every answer carries the request id, so a client report can be matched to our logs. */
export const requestIdHeader = {
  "X-Request-Id": header("The caller's well-formed X-Request-Id, or a fresh one", "string"),
};

/** The send rate limiter's budget (IETF RateLimit fields draft), on every answer to a send. */
export const rateLimitHeaders = {
  "RateLimit-Limit": header("The burst: sends allowed at once", "integer"),
  "RateLimit-Remaining": header("Sends left in the bucket now", "integer"),
  "RateLimit-Reset": header("Seconds until the bucket is full again", "integer"),
};

function problemResponse(status: number) {
  const [code, detail] = problemExamples[status] ?? ["BAD_REQUEST", "bad request"];
  return {
    description: problemDescriptions[status] ?? "Problem",
    headers:
      status === 429
        ? {
            ...requestIdHeader,
            ...rateLimitHeaders,
            "Retry-After": header("Seconds to wait before retrying", "integer"),
          }
        : requestIdHeader,
    content: {
      "application/problem+json": {
        schema: ProblemSchema,
        example: toProblem(code, detail, {
          requestId: "0198c0de-7e57-7000-8000-000000000001",
          errors:
            status === 400 ? [{ path: "content", message: detail.split(": ")[1] ?? detail }] : undefined,
        }),
      },
    },
  };
}

export function problems(...statuses: (keyof typeof problemDescriptions)[]) {
  return Object.fromEntries([401, 403, ...statuses].map((status) => [status, problemResponse(status)]));
}

export const bearer = [{ bearer: [] }];

/** No token needed (probes and metrics); an explicit empty list says so to OpenAPI linters. */
export const anonymous = [];

export function jsonBody<S extends z.ZodType>(schema: S, description: string, example: z.input<S>) {
  return { required: true, description, content: { "application/json": { schema, example } } } as const;
}

export function jsonResponse<S extends z.ZodType>(
  schema: S,
  description: string,
  example: z.output<S>,
  headers: Record<string, ReturnType<typeof header>> = requestIdHeader,
) {
  return { description, headers, content: { "application/json": { schema, example } } } as const;
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
