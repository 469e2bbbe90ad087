import { z } from "zod";

export const ErrorCode = z.enum([
  "BAD_REQUEST",
  "VALIDATION_FAILED",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "REQUEST_TIMEOUT",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "HEADERS_TOO_LARGE",
  "READ_ONLY",
  "MUTED",
  "BANNED",
  "FROZEN",
  "BLOCKED",
  "CONTENT_BLOCKED",
  "INTERNAL",
  "UNAVAILABLE",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

const statusByCode: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  READ_ONLY: 409,
  MUTED: 403,
  BANNED: 409,
  FROZEN: 409,
  BLOCKED: 403,
  PAYLOAD_TOO_LARGE: 413,
  CONTENT_BLOCKED: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

const titleByCode: Record<ErrorCode, string> = {
  BAD_REQUEST: "Bad request",
  VALIDATION_FAILED: "Validation failed",
  UNAUTHORIZED: "Unauthorized",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  METHOD_NOT_ALLOWED: "Method not allowed",
  REQUEST_TIMEOUT: "Request timeout",
  CONFLICT: "Conflict",
  READ_ONLY: "Chat is read-only",
  MUTED: "Muted in this chat",
  BANNED: "Banned from this chat",
  FROZEN: "Chat is frozen",
  BLOCKED: "Blocked by this user",
  CONTENT_BLOCKED: "Content blocked",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  RATE_LIMITED: "Too many requests",
  HEADERS_TOO_LARGE: "Request header fields too large",
  INTERNAL: "Internal error",
  UNAVAILABLE: "Service unavailable",
};

export function statusOf(code: ErrorCode): number {
  return statusByCode[code];
}

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: ErrorCode,
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
  /** MUTED: when the mute ends; null while it lasts until lifted. */
  mutedUntil: z.string().nullable().optional(),
  /** CONTENT_BLOCKED: the safety category (or `rule`) that blocked, every category found, the rule's id. */
  category: z.string().optional(),
  categories: z.array(z.string()).optional(),
  ruleId: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Members a problem of one code adds to the RFC 9457 body (RFC 9457 calls them extensions). */
export type ProblemExtensions = Pick<Problem, "mutedUntil" | "category" | "categories" | "ruleId">;

/** Every expected failure is an AppError; anything else is a bug and renders as an opaque 500. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  readonly extensions?: ProblemExtensions;

  constructor(
    code: ErrorCode,
    detail: string,
    options: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extensions?: ProblemExtensions;
      cause?: unknown;
    } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }

  get status(): number {
    return statusOf(this.code);
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (detail: string) => new AppError("FORBIDDEN", detail);
export const conflict = (detail: string) => new AppError("CONFLICT", detail);
export const unauthorized = (detail: string) => new AppError("UNAUTHORIZED", detail);

/** A 400 about one field of the input, shaped like the validation errors zod produces. */
export function fieldError(path: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", `${path}: ${message}`, { errors: [{ path, message }] });
}

export function toProblem(
  code: ErrorCode,
  detail: string,
  extra: { requestId?: string; errors?: FieldError[]; extensions?: ProblemExtensions } = {},
): Problem {
  return {
    type: `https://gametrade.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title: titleByCode[code],
    status: statusOf(code),
    detail,
    code,
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
    ...extra.extensions,
  };
}

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
export * from "./transient";
