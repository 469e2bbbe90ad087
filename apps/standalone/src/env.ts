import { DEV_JWT_SECRET } from "@chat/shared/auth";
import { embeddedDatabaseEnv, rabbitEnv, redisEnv } from "@chat/shared/env";
import { z } from "zod";
// Apps export only start(); their config schemas are read from source so this env is exactly their union.
import { ApiConfig } from "../../api/src/config";
import { RealtimeConfig } from "../../realtime/src/config";
import { WorkerConfig } from "../../worker/src/config";

/**
 * Every app's settings in one process. Without DATABASE_URL an embedded PostgreSQL runs; without
 * REDIS_URL / RABBITMQ_URL the in-process bus, presence and queue stand in for Redis and RabbitMQ.
 * Without any auth setting, tokens are checked against the development secret that `pnpm token` uses.
 */
export const StandaloneEnv = z
  .object({
    ...ApiConfig.shape,
    ...RealtimeConfig.shape,
    ...WorkerConfig.shape,
    ...embeddedDatabaseEnv,
    REDIS_URL: redisEnv.REDIS_URL.optional(),
    RABBITMQ_URL: rabbitEnv.RABBITMQ_URL.optional(),
  })
  .transform((env) => ({
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? (env.AUTH_JWKS_URL || env.AUTH_SERVICE_URL ? undefined : DEV_JWT_SECRET),
  }));
export type StandaloneEnv = z.infer<typeof StandaloneEnv>;
