/**
 * What one loopback round trip costs on this machine when the other side has been idle, against back to
 * back: PostgreSQL `select 1`, Redis PING, and a bare node:http hello's server CPU per request at three
 * rates. Latency at low rates (history, end-to-end) is mostly these wake-ups, not work.
 * Usage: tsx scripts/idle-hops.ts (the local PostgreSQL and Redis, as for `pnpm bench`).
 */
import { spawn } from "node:child_process";
import { Agent, createServer, request } from "node:http";
import { Redis } from "ioredis";
import pg from "pg";
import { readBenchEnv } from "../src/env";
import { readCpuSeconds, sleep } from "../src/proc";

const ROUND_TRIPS = 300;
const IDLE_GAP_MS = 20;

if (process.argv[2] === "hello") {
  createServer((_request, response) => response.end("hello")).listen(Number(process.argv[3]), "127.0.0.1");
} else {
  const env = readBenchEnv();
  const pool = new pg.Pool({ connectionString: env.adminDatabaseUrl, max: 1 });
  const redis = new Redis(env.redisUrl);
  const quantile = (samples: number[], q: number) =>
    [...samples].sort((a, b) => a - b)[Math.floor(samples.length * q)]?.toFixed(3);
  for (const [name, roundTrip] of [
    ["PostgreSQL select 1", () => pool.query("select 1")],
    ["Redis PING", () => redis.ping()],
  ] as const) {
    await roundTrip();
    for (const gapMs of [0, IDLE_GAP_MS]) {
      const samples: number[] = [];
      for (let i = 0; i < ROUND_TRIPS; i++) {
        if (gapMs) await sleep(gapMs);
        const startedMs = performance.now();
        await roundTrip();
        samples.push(performance.now() - startedMs);
      }
      const how = gapMs ? `one every ${gapMs} ms` : "back to back";
      console.log(`${name}, ${how}: p50 ${quantile(samples, 0.5)} ms, p99 ${quantile(samples, 0.99)} ms`);
    }
  }
  await pool.end();
  redis.disconnect();

  const port = 18_000 + Math.floor(Math.random() * 1000);
  const server = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "hello", String(port)], {
    stdio: "inherit",
  });
  await sleep(1500);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, agent, path: "/" }, (res) =>
        res.resume().on("end", resolve),
      );
      req.on("error", reject).end();
    });
  for (const ratePerSec of [50, 500, 2000]) {
    const count = ratePerSec * 5;
    const cpuBefore = readCpuSeconds(server.pid ?? 0);
    const startedMs = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const waitMs = startedMs + (i * 1000) / ratePerSec - performance.now();
      if (waitMs > 0) await sleep(waitMs);
      pending.push(get());
    }
    await Promise.all(pending);
    const cpuUs = ((readCpuSeconds(server.pid ?? 0) - cpuBefore) * 1e6) / count;
    console.log(`node:http hello at ${ratePerSec}/s: ${cpuUs.toFixed(0)} µs of server CPU per request`);
  }
  agent.destroy();
  server.kill();
}
