import type { Principal } from "@chat/shared/auth";
import type { Logger } from "@chat/shared/logger";
import type { ServiceContext } from "../services/context";

/** What a request needs from the app, minus what is per request. */
export type ServiceDeps = Omit<ServiceContext, "principal" | "requestId" | "logger">;

/** What middleware puts on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    principal: Principal;
    services: ServiceDeps;
  };
}
