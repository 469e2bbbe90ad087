import { databaseEnv, loadEnvOrExit, redisEnv } from "@chat/shared/env";
import { z } from "zod";
import { RealtimeConfig } from "./config";

/** Distributed mode: the config plus the URLs of the services the entry connects to. */
export const RealtimeEnv = z.intersection(RealtimeConfig, z.object({ ...databaseEnv, ...redisEnv }));
export type RealtimeEnv = z.infer<typeof RealtimeEnv>;

export function loadRealtimeEnv(): RealtimeEnv {
  return loadEnvOrExit(RealtimeEnv, process.env);
}
