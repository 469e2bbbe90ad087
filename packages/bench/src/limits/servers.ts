import { fileURLToPath } from "node:url";
import { runTask } from "../load/controller";
import { forkListening, readCpuSeconds } from "../proc";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const entry = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export interface ServerCeiling {
  perSec: number;
  /** Work per CPU-second of the server process: robust when the load generator shares the cores. */
  perServerCpuSec: number;
  serverCpuShare: number;
}

/** A bare uWS echo server driven by pipelined `ws` clients in a load worker. */
export async function runUwsEcho(durationMs: number): Promise<ServerCeiling> {
  const { service, port } = await forkListening("uws echo", entry("./uws-echo-server.ts"), {
    cwd: PACKAGE_DIR,
  });
  try {
    const cpuBefore = readCpuSeconds(service.pid);
    const result = await runTask<{ echoes: number; perSec: number }>(
      {
        kind: "ws-echo",
        url: `ws://127.0.0.1:${port}/`,
        connections: 32,
        inFlight: 16,
        durationMs,
        payloadBytes: 100,
      },
      durationMs + 30_000,
    );
    const cpu = readCpuSeconds(service.pid) - cpuBefore;
    return ceiling(result.perSec, result.echoes, cpu, durationMs);
  } finally {
    await service.stop();
  }
}

/** A bare node:http hello driven by keep-alive clients in a load worker. */
export async function runHttpHello(durationMs: number): Promise<ServerCeiling> {
  const { service, port } = await forkListening("http hello", entry("./http-hello-server.ts"), {
    cwd: PACKAGE_DIR,
  });
  try {
    const cpuBefore = readCpuSeconds(service.pid);
    const result = await runTask<{ completed: number; perSec: number }>(
      { kind: "http-closed", baseUrl: `http://127.0.0.1:${port}`, path: "/", concurrency: 64, durationMs },
      durationMs + 30_000,
    );
    const cpu = readCpuSeconds(service.pid) - cpuBefore;
    return ceiling(result.perSec, result.completed, cpu, durationMs);
  } finally {
    await service.stop();
  }
}

function ceiling(perSec: number, count: number, cpuSec: number, durationMs: number): ServerCeiling {
  return {
    perSec,
    perServerCpuSec: cpuSec > 0 ? count / cpuSec : 0,
    serverCpuShare: cpuSec / (durationMs / 1000),
  };
}
