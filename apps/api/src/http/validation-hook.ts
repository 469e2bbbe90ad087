import { AppError, fieldErrorsOf, notFound } from "@chat/shared/errors";
import type { z } from "zod";

type HookResult = { success: true } | { success: false; error: z.ZodError; target: string };

/**
 * Bad input is a 400 with one field error per issue. A malformed id in the path names nothing that
 * exists, so it is the same 404 as an unknown id.
 */
export function validationHook(result: HookResult): undefined {
  if (result.success) return;
  if (result.target === "param") throw notFound("resource");
  const errors = fieldErrorsOf(result.error).map((error) => ({
    path: result.target === "query" ? `query.${error.path}` : error.path,
    message: error.message,
  }));
  throw new AppError("VALIDATION_FAILED", "the request is invalid; see errors", { errors });
}
