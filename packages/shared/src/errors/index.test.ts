import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ErrorCode, fieldErrorsOf, Problem, statusOf, toProblem } from ".";

describe("statusOf", () => {
  const expected: Record<ErrorCode, number> = {
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
    UNSUPPORTED_MEDIA_TYPE: 415,
    CONTENT_BLOCKED: 422,
    RATE_LIMITED: 429,
    HEADERS_TOO_LARGE: 431,
    INTERNAL: 500,
    UNAVAILABLE: 503,
  };

  it.each(ErrorCode.options)("maps %s to its one HTTP status", (code) => {
    expect(statusOf(code)).toBe(expected[code]);
    expect(new AppError(code, "x").status).toBe(expected[code]);
  });

  it("only INTERNAL and UNAVAILABLE are 5xx: bad input is never a 500", () => {
    expect(ErrorCode.options.filter((code) => statusOf(code) >= 500)).toEqual(["INTERNAL", "UNAVAILABLE"]);
  });
});

describe("toProblem", () => {
  it("renders RFC 9457 fields plus code, and nothing it was not given", () => {
    const problem = toProblem("NOT_FOUND", "chat not found");
    expect(problem).toEqual({
      type: "https://gametrade.dev/problems/not-found",
      title: "Not found",
      status: 404,
      detail: "chat not found",
      code: "NOT_FOUND",
    });
    expect(Problem.parse(problem)).toEqual(problem);
  });

  it("adds requestId and field errors when there are any", () => {
    const errors = [{ path: "content", message: "too long" }];
    expect(toProblem("VALIDATION_FAILED", "invalid body", { requestId: "r-1", errors })).toMatchObject({
      type: "https://gametrade.dev/problems/validation-failed",
      status: 400,
      requestId: "r-1",
      errors,
    });
    expect(toProblem("VALIDATION_FAILED", "invalid body", { errors: [] })).not.toHaveProperty("errors");
  });

  it("gives every code a distinct type URI and a title", () => {
    const problems = ErrorCode.options.map((code) => toProblem(code, "d"));
    expect(new Set(problems.map((p) => p.type)).size).toBe(ErrorCode.options.length);
    for (const problem of problems) {
      expect(problem.type).toMatch(/^https:\/\/gametrade\.dev\/problems\/[a-z-]+$/);
      expect(problem.title.length).toBeGreaterThan(0);
    }
  });
});

describe("AppError and fieldErrorsOf", () => {
  it("AppError carries code, detail, field errors, headers and cause", () => {
    const cause = new Error("db down");
    const error = new AppError("RATE_LIMITED", "slow down", { headers: { "Retry-After": "2" }, cause });
    expect(error).toMatchObject({
      name: "AppError",
      code: "RATE_LIMITED",
      message: "slow down",
      status: 429,
    });
    expect(error.headers).toEqual({ "Retry-After": "2" });
    expect(error.cause).toBe(cause);
  });

  it("fieldErrorsOf turns zod issues into dotted paths, (root) for the body itself", () => {
    const schema = z.object({ attachments: z.array(z.object({ url: z.url() })) });
    const nested = schema.safeParse({ attachments: [{ url: "nope" }] });
    expect(nested.success || fieldErrorsOf(nested.error)).toEqual([
      { path: "attachments.0.url", message: expect.any(String) },
    ]);
    const root = schema.safeParse("text");
    expect(root.success || fieldErrorsOf(root.error)[0]?.path).toBe("(root)");
  });
});
