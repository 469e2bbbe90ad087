import { AppError, type FieldError } from "@chat/shared/errors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/app-env";

/** Enough errors to show the client what is wrong; a body full of NULs gets no longer answer. */
const MAX_REPORTED = 10;

interface Visit {
  value: unknown;
  key: string;
  parent: Visit | null;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | null = visit; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().join(".") || "(root)";
}

/**
 * Paths of the strings (values or keys) in a JSON value that hold U+0000, in document order. It walks with
 * an explicit stack and links each visit to its parent, so depth neither overflows the call stack nor
 * copies a path per level; a path is spelled out only for a string that is reported.
 */
function nulPaths(root: unknown): FieldError[] {
  const found: FieldError[] = [];
  const stack: Visit[] = [{ value: root, key: "", parent: null }];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const visit = stack.pop() as Visit;
    const { value } = visit;
    if (typeof value === "string") {
      if (value.includes("\u0000"))
        found.push({ path: pathOf(visit), message: "must not contain NUL characters" });
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      if (entries.some(([key]) => key.includes("\u0000")))
        found.push({ path: pathOf(visit), message: "keys must not contain NUL" });
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index] as [string, unknown];
        stack.push({ value: item, key, parent: visit });
      }
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
