import type { BenchConfig } from "../config";

export interface BenchContext {
  config: BenchConfig;
  jwtSecret: string;
  redisUrl: string;
  log: (line: string) => void;
  /** Distinguishes this run's messages from any other's on shared chats. */
  runId: string;
}
