import { newId } from "@chat/shared/ids";
import type { Logger } from "@chat/shared/logger";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/app-env";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a well-formed X-Request-Id from the caller or mints one; echoes it and puts it on the logger. */
export function requestContext(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const offered = c.req.header("x-request-id");
    const requestId = offered && REQUEST_ID.test(offered) ? offered : newId();
    c.set("requestId", requestId);
    c.set("logger", logger.child({ requestId }));
    c.header("X-Request-Id", requestId);
    await next();
  });
}
