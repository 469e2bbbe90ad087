import { Problem } from "@chat/shared/errors";
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

export function problems(...statuses: (keyof typeof problemDescriptions)[]) {
  return Object.fromEntries(
    [401, 403, ...statuses].map((status) => [
      status,
      {
        description: problemDescriptions[status] ?? "Problem",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}

export const bearer = [{ bearer: [] }];

export function jsonBody<S>(schema: S, description: string) {
  return { required: true, description, content: { "application/json": { schema } } } as const;
}

export function jsonResponse<S>(schema: S, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
