import { randomBytes } from "node:crypto";

/** The bench's only reads of process.env: where the local services are. */
export function readBenchEnv() {
  return {
    adminDatabaseUrl:
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      "postgres://postgres@127.0.0.1:5432/postgres",
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    /** A fresh secret per run: both systems verify the same HS256 tokens. */
    jwtSecret: randomBytes(32).toString("hex"),
  };
}
