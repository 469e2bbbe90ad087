import { bearerToken, type VerifyToken } from "@chat/shared/auth";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/app-env";
import type { KnownUsers } from "../services/users/known-users";

/** Bearer JWT → principal; the caller is remembered and a banned one stops here with 403. */
export function authenticate(verify: VerifyToken, knownUsers: KnownUsers) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = await verify(bearerToken(c.req.header("authorization")));
    await knownUsers.admit(principal);
    c.set("principal", principal);
    c.set("logger", c.get("logger").child({ userId: principal.userId }));
    await next();
  });
}
