import { AppError } from "@chat/shared/errors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/app-env";

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Bodies are JSON only: hono's validator would read any other type as `{}` (honojs/middleware#891).
 * An empty body needs no type, so `POST /moderation/cases/{id}/claim` and `PUT` of a block take none;
 * hono caches the text it reads here for the validator.
 */
export const requireJson = createMiddleware<AppEnv>(async (c, next) => {
  if (["POST", "PUT", "PATCH"].includes(c.req.method)) {
    const type = c.req.header("content-type") ?? "";
    if (!JSON_TYPE.test(type) && (await c.req.text()).length > 0) {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
    }
  }
  await next();
});
