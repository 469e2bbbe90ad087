/**
 * Memory per idle authenticated socket, as the benchmark's connections workload opens them, with the
 * heap after a forced GC beside the RSS (RSS alone also counts garbage and heap growth).
 * Usage: DATABASE_URL=postgres://…/postgres tsx scripts/idle-memory.ts [sockets=3000]
 * SNAPSHOT=/tmp/x also writes heap snapshots before and after; ALLOC=/tmp/x.json a sampling profile of
 * everything allocated while the sockets connect, garbage included.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createDbClient } from "@chat/db";
import { mintToken } from "@chat/shared/auth";
import WebSocket from "ws";

const secret = "idle-memory-measurement-secret-0123456789";

if (process.argv[2] === "client") {
  const [port, first, count] = process.argv.slice(3).map(Number) as [number, number, number];
  const sockets: WebSocket[] = [];
  for (let index = first; index < first + count; index++) {
    const token = await mintToken({ secret, userId: `idle-${index}`, expiresIn: "2h" });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    sockets.push(ws);
  }
  process.send?.("ready");
  process.on("disconnect", () => process.exit(0));
} else {
  const sockets = Number(process.argv[2] ?? 3000);
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `rt_idle_${randomBytes(4).toString("hex")}`;
  const admin = createDbClient(adminUrl, { max: 1 });
  await admin.sql.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const port = 46000 + Math.floor(Math.random() * 1000);
  const node = spawn(process.execPath, ["--inspect=127.0.0.1:0", "--import", "tsx", "src/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      DATABASE_URL: url.toString(),
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      JWT_SECRET: secret,
      MIGRATE_ON_START: "1",
      REALTIME_PORT: String(port),
      REALTIME_HTTP_PORT: String(port + 1000),
    },
    stdio: ["ignore", "inherit", "pipe"],
  });
  const inspectorUrl = await new Promise<string>((resolve) => {
    node.stderr?.on("data", (chunk: Buffer) => {
      const match = /ws:\/\/\S+/.exec(String(chunk));
      if (match) resolve(match[0]);
    });
  });
  while (
    !(await fetch(`http://127.0.0.1:${port + 1000}/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const inspector = new WebSocket(inspectorUrl);
  await once(inspector, "open");
  let nextId = 1;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: string } } }>((resolve) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(String(data));
        if (reply.id !== id) return;
        inspector.off("message", onMessage);
        resolve(reply);
      };
      inspector.on("message", onMessage);
      inspector.send(JSON.stringify({ id, method, params }));
    });
  const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${node.pid}/status`, "utf8"))?.[1]);
  const sample = async () => {
    const rss = rssKb();
    await call("HeapProfiler.collectGarbage");
    const reply = await call("Runtime.evaluate", {
      expression: "JSON.stringify(process.memoryUsage())",
      returnByValue: true,
    });
    const usage = JSON.parse(reply.result?.result?.value ?? "{}");
    return {
      rssKb: rss,
      rssAfterGcKb: rssKb(),
      heapUsed: usage.heapUsed as number,
      external: usage.external as number,
    };
  };
  const snapshot = async (label: string) => {
    if (!process.env.SNAPSHOT) return;
    const chunks: string[] = [];
    const onChunk = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data));
      if (message.method === "HeapProfiler.addHeapSnapshotChunk") chunks.push(message.params.chunk);
    };
    inspector.on("message", onChunk);
    await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    inspector.off("message", onChunk);
    writeFileSync(`${process.env.SNAPSHOT}-${label}.heapsnapshot`, chunks.join(""));
  };
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const before = await sample();
  await snapshot("before");
  if (process.env.ALLOC) {
    await call("HeapProfiler.startSampling", {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  const clients: ChildProcess[] = [0, 1].map((half) =>
    fork(import.meta.filename, ["client", String(port), String(half * (sockets / 2)), String(sockets / 2)], {
      execArgv: ["--import", "tsx"],
    }),
  );
  await Promise.all(clients.map((client) => once(client, "message")));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  if (process.env.ALLOC) {
    const reply = (await call("HeapProfiler.stopSampling")) as { result?: { profile?: unknown } };
    writeFileSync(process.env.ALLOC, JSON.stringify(reply.result?.profile));
  }
  const after = await sample();
  await snapshot("after");
  const per = (a: number, b: number) => Number(((a - b) / sockets).toFixed(2));
  console.log(
    JSON.stringify({
      sockets,
      rssKbPerSocket: per(after.rssKb, before.rssKb),
      rssAfterGcKbPerSocket: per(after.rssAfterGcKb, before.rssAfterGcKb),
      heapBytesPerSocket: Math.round((after.heapUsed - before.heapUsed) / sockets),
      externalBytesPerSocket: Math.round((after.external - before.external) / sockets),
    }),
  );
  for (const client of clients) client.kill();
  inspector.close();
  node.kill("SIGTERM");
  await once(node, "exit");
  await admin.sql.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.close();
  process.exit(0);
}
