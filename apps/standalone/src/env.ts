import { ApiConfig } from "@chat/api/config";
import { RealtimeConfig } from "@chat/realtime/config";
import { DEV_JWT_SECRET } from "@chat/shared/auth";
import { DEV_ALLOWED_ORIGINS, embeddedDatabaseEnv, rabbitEnv, redisEnv } from "@chat/shared/env";
import { WorkerConfig } from "@chat/worker/config";
import { z } from "zod";

/**
 * Every app's settings in one process: the union of the config schemas the apps export. Without
 * DATABASE_URL an embedded PostgreSQL runs; without REDIS_URL / RABBITMQ_URL the in-process bus, presence
 * and queue stand in. Without any auth setting, tokens are checked against `pnpm token`'s development secret;
 * without ALLOWED_ORIGINS, browsers on any localhost port get in.
 */
export const StandaloneEnv = z
  .object({
    ...ApiConfig.shape,
    ...RealtimeConfig.shape,
    ...WorkerConfig.shape,
    ...embeddedDatabaseEnv,
    // Its development secret is public, so the all-in-one process keeps to this machine unless HOST says otherwise.
    HOST: z.string().min(1).default("127.0.0.1"),
    REDIS_URL: redisEnv.REDIS_URL.optional(),
    REDIS_CLUSTER_NODES: redisEnv.REDIS_CLUSTER_NODES,
    RABBITMQ_URL: rabbitEnv.RABBITMQ_URL.optional(),
  })
  .transform((env) => ({
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? (env.AUTH_JWKS_URL || env.AUTH_SERVICE_URL ? undefined : DEV_JWT_SECRET),
    ALLOWED_ORIGINS:
      env.ALLOWED_ORIGINS.length + env.WS_ALLOWED_ORIGINS.length > 0
        ? env.ALLOWED_ORIGINS
        : DEV_ALLOWED_ORIGINS,
  }));
export type StandaloneEnv = z.infer<typeof StandaloneEnv>;
