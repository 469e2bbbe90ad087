import { databaseEnv, loadEnvOrExit, redisEnv } from "@chat/shared/env";
import { z } from "zod";
import { ApiConfig } from "./config";

/** Distributed mode: the config plus the URLs of the services the entry connects to. */
export const ApiEnv = z.intersection(ApiConfig, z.object({ ...databaseEnv, ...redisEnv }));
export type ApiEnv = z.infer<typeof ApiEnv>;

export function loadApiEnv(): ApiEnv {
  return loadEnvOrExit(ApiEnv, process.env);
}
