import { availableParallelism } from "node:os";
import { databaseEnv, loadEnvOrExit, redisEnv } from "@chat/shared/env";
import { z } from "zod";
import { ApiConfig } from "./config";

/** Distributed mode: the config plus the URLs of the services the entry connects to. */
export const ApiEnv = z.intersection(
  ApiConfig,
  z.object({
    ...databaseEnv,
    ...redisEnv,
    /** Processes serving the api port on this host (node:cluster); the standalone entry ignores it. */
    API_WORKERS: z.coerce.number().int().min(1).max(256).default(availableParallelism()),
  }),
);
export type ApiEnv = z.infer<typeof ApiEnv>;

export function loadApiEnv(): ApiEnv {
  return loadEnvOrExit(ApiEnv, process.env);
}
