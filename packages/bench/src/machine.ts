import { cpus, totalmem } from "node:os";
import { runCommand } from "./proc";

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memTotalGiB: number;
  node: string;
  postgres: string;
  redis: string;
  kernel: string;
}

export async function describeMachine(databaseUrl: string): Promise<MachineInfo> {
  const quiet = (promise: Promise<string>) => promise.then((out) => out.trim()).catch(() => "unknown");
  const [postgres, redis, kernel] = await Promise.all([
    quiet(runCommand("psql", [databaseUrl, "-tAc", "show server_version"], { timeoutMs: 10_000 })),
    quiet(runCommand("redis-server", ["--version"], { timeoutMs: 10_000 })),
    quiet(runCommand("uname", ["-sr"], { timeoutMs: 10_000 })),
  ]);
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memTotalGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    redis: /v=([\d.]+)/.exec(redis)?.[1] ?? redis,
    kernel,
  };
}
