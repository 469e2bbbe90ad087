import type { DbClient } from "@chat/db";
import { createTokenVerifier } from "@chat/shared/auth";
import type { Bus } from "@chat/shared/bus";
import { allowedOrigins } from "@chat/shared/env";
import type { Logger } from "@chat/shared/logger";
import type { RedisStore } from "@chat/shared/redis";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Registry } from "prom-client";
import type { ApiConfig } from "./config";
import type { AppEnv } from "./http/app-env";
import { onError } from "./http/on-error";
import { problemResponse } from "./http/problem";
import { validationHook } from "./http/validation-hook";
import { createApiMetrics } from "./metrics";
import { authenticate } from "./middleware/auth";
import { limitBody } from "./middleware/body-limit";
import { allowOrigins } from "./middleware/cors";
import { forbidNul } from "./middleware/forbid-nul";
import { recordMetrics } from "./middleware/metrics";
import { rateLimit } from "./middleware/rate-limit";
import { requestContext } from "./middleware/request-context";
import { requireJson } from "./middleware/require-json";
import type { TokenBuckets } from "./rate-limit/bucket";
import { createMemoryBuckets } from "./rate-limit/memory-buckets";
import { createRedisBuckets } from "./rate-limit/redis-buckets";
import { chatRoutes } from "./routes/chats";
import { docsRoutes } from "./routes/docs";
import { messageRoutes } from "./routes/messages";
import { moderationDeskRoutes, moderationRoutes } from "./routes/moderation";
import { ruleRoutes } from "./routes/rules";
import { systemRoutes } from "./routes/system";
import { userRoutes } from "./routes/users";
import { createFramePublisher } from "./services/publish";
import { createChatTypeCache } from "./services/safety/chat-types";
import { createRuleBook } from "./services/safety/rule-book";
import { createKnownUsers, type KnownUsers } from "./services/users/known-users";

export interface ApiDeps {
  config: ApiConfig;
  db: DbClient;
  bus: Bus;
  logger: Logger;
  registry: Registry;
  /** Redis for the send and read rate limiters (a client to share, or a URL); absent = in-process buckets. */
  redis?: RedisStore | string;
  /** Rate limiter key prefix, so tests sharing one Redis do not share buckets. */
  rateLimitKeyPrefix?: string;
}

export interface ApiApp {
  app: OpenAPIHono<AppEnv>;
  knownUsers: KnownUsers;
  /** Releases what createApp built (rate limiter store); the injected deps stay the caller's. */
  close(): Promise<void>;
}

/** Builds the REST app from injected clients; nothing here does I/O until a request arrives. */
export function createApp(deps: ApiDeps): ApiApp {
  const { config, logger } = deps;
  const metrics = createApiMetrics(deps.registry);
  const knownUsers = createKnownUsers(deps.db.db, config.USER_CACHE_TTL_MS);
  const sendPolicy = { ratePerSec: config.SEND_RATE_PER_SEC, burst: config.SEND_BURST };
  const readPolicy = { ratePerSec: config.READ_RATE_PER_SEC, burst: config.READ_BURST };
  const buckets: TokenBuckets = deps.redis
    ? createRedisBuckets({ redis: deps.redis, keyPrefix: deps.rateLimitKeyPrefix })
    : createMemoryBuckets();
  const publish = createFramePublisher({
    bus: deps.bus,
    logger,
    metrics,
    timeoutMs: config.BUS_PUBLISH_TIMEOUT_MS,
  });

  const safety = {
    rules: createRuleBook(deps.db.db, config.RULES_POLL_MS),
    chatTypeOf: createChatTypeCache(deps.db.db),
  };

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", allowOrigins(allowedOrigins(config)), requestContext(logger), recordMetrics(metrics));
  app.use("*", async (c, next) => {
    c.set("services", { db: deps.db.db, config, metrics, publish, safety });
    await next();
  });
  // "/chats/*" also matches "/chats" itself.
  const guarded = [
    authenticate(createTokenVerifier(config, { remember: true }), knownUsers),
    limitBody(config.BODY_LIMIT_BYTES),
    requireJson,
    forbidNul,
  ] as const;
  app.use("/chats/*", ...guarded);
  app.use("/moderation/*", ...guarded);
  app.use("/users/*", ...guarded);
  app.post(
    "/chats/:id/messages",
    rateLimit(buckets, sendPolicy, metrics, { name: "send", refusal: "too many messages; slow down" }),
  );
  const limitReads = rateLimit(buckets, readPolicy, metrics, {
    name: "read",
    refusal: "too many reads; slow down",
  });
  app.get("/chats/*", limitReads);
  app.get("/moderation/*", limitReads);
  app.get("/users/*", limitReads);

  app.route("/chats", chatRoutes());
  app.route("/chats", messageRoutes());
  app.route("/chats", moderationRoutes());
  app.route("/moderation", moderationDeskRoutes());
  app.route("/moderation", ruleRoutes());
  app.route("/users", userRoutes());
  app.route(
    "/",
    systemRoutes({
      registry: deps.registry,
      checks: { postgres: () => deps.db.ping(), bus: () => deps.bus.ping() },
    }),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A JWT from auth-svc (or `pnpm token <userId> [role]` in development).",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    servers: [{ url: "/", description: "The host that serves this document (api port 8003 by default)" }],
    info: {
      title: "chat-svc REST API",
      version: "1.0.0",
      description:
        "Chats, messages and moderation for the GameTrade marketplace. Errors are RFC 9457 problem+json. A chat the caller may not see is 404; a banned caller gets 403 everywhere.",
    },
  });
  app.route("/", docsRoutes());

  app.notFound((c) => notFoundOrWrongMethod(app, c));
  app.onError(onError);

  return {
    app,
    knownUsers,
    async close() {
      await buckets.close();
    },
  };
}

/** Hono answers an unknown method with 404; a path that exists under another method is a 405. */
function notFoundOrWrongMethod(app: OpenAPIHono<AppEnv>, c: Parameters<typeof problemResponse>[0]): Response {
  const allowed = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    const pattern = new RegExp(`^${route.path.replace(/:[^/]+/g, "[^/]+")}/?$`);
    if (pattern.test(c.req.path)) allowed.add(route.method);
  }
  if (allowed.size === 0)
    return problemResponse(c, "NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`);
  return problemResponse(c, "METHOD_NOT_ALLOWED", `${c.req.method} is not allowed here`, {
    headers: { Allow: [...allowed].sort().join(", ") },
  });
}
