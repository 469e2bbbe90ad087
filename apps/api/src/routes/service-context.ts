import type { Context } from "hono";
import type { AppEnv } from "../http/app-env";
import type { ServiceContext } from "../services/context";

export function serviceContext(c: Context<AppEnv>): ServiceContext {
  return {
    ...c.get("services"),
    principal: c.get("principal"),
    requestId: c.get("requestId"),
    logger: c.get("logger"),
  };
}
