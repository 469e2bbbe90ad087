import { AppError, type FieldError } from "@chat/shared/errors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/app-env";

/** Paths of every string (value or key) in a JSON value that holds U+0000. */
function nulPaths(value: unknown, path: string[] = [], found: FieldError[] = []): FieldError[] {
  if (typeof value === "string") {
    if (value.includes("\u0000"))
      found.push({ path: path.join(".") || "(root)", message: "must not contain NUL characters" });
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) nulPaths(item, [...path, String(index)], found);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\u0000"))
        found.push({ path: path.join(".") || "(root)", message: "keys must not contain NUL" });
      nulPaths(item, [...path, key], found);
    }
  }
  return found;
}

/**
 * PostgreSQL text and jsonb cannot store U+0000, so a string holding it would fail deep in a query.
 * It is refused up front as a field error. Malformed JSON is left to the validator's 400.
 */
export const forbidNul = createMiddleware<AppEnv>(async (c, next) => {
  if (["POST", "PUT", "PATCH"].includes(c.req.method)) {
    const text = await c.req.text();
    if (text.includes("\\u0000") || text.includes("\u0000")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const errors = nulPaths(parsed);
      if (errors.length)
        throw new AppError("VALIDATION_FAILED", "the request is invalid; see errors", { errors });
    }
  }
  await next();
});
