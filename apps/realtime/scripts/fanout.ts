/**
 * Fan-out measurement: N sockets in one chat, M new_message frames published on the bus as the api does;
 * reports delivery latency (publish → socket) and deliveries per second.
 * Usage: DATABASE_URL=postgres://…/postgres tsx scripts/fanout.ts [sockets=1000] [messages=200] [memory|redis|process]
 * `process` runs the node as its own process (`src/index.ts`, Redis bus), so clients and server do not share a CPU.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createDbClient } from "@chat/db";
import { migrateDatabase } from "@chat/db/migrate";
import { appendMessage, createChat } from "@chat/db/queries";
import { mintToken } from "@chat/shared/auth";
import { createMemoryBus, createRedisBus, encodeChatMessage } from "@chat/shared/bus";
import { channels } from "@chat/shared/contracts";
import { createLogger } from "@chat/shared/logger";
import { Registry } from "prom-client";
import WebSocket from "ws";
import { RealtimeConfig } from "../src/config";
import { startRealtime } from "../src/start";

const sockets = Number(process.argv[2] ?? 1000);
const messages = Number(process.argv[3] ?? 200);
const busKind = process.argv[4] ?? "memory";
const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const secret = "fanout-measurement-secret-0123456789abcdef";

const name = `rt_fanout_${randomBytes(4).toString("hex")}`;
const adminClient = createDbClient(adminUrl, { max: 1 });
const admin = adminClient.sql;
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
await migrateDatabase(url.toString());
const db = createDbClient(url.toString());
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const bus = busKind === "memory" ? createMemoryBus() : createRedisBus({ url: redisUrl });
await new Promise((resolve) => setTimeout(resolve, 300));
const settings = {
  JWT_SECRET: secret,
  HOST: "127.0.0.1",
  REALTIME_PORT: "0",
  REALTIME_HTTP_PORT: "0",
  WS_MAX_CONNECTIONS_PER_USER: String(sockets),
};
const handle = busKind === "process" ? await startNodeProcess() : await startInProcess();

async function startInProcess() {
  return startRealtime({
    config: RealtimeConfig.parse(settings),
    db,
    bus,
    logger: createLogger({ name: "fanout", level: "warn" }),
    registry: new Registry(),
  });
}

async function startNodeProcess() {
  const port = 47000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    env: {
      ...process.env,
      ...settings,
      REALTIME_PORT: String(port),
      REALTIME_HTTP_PORT: String(port + 1000),
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      LOG_LEVEL: "warn",
    },
    stdio: "inherit",
  });
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port + 1000}/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    port,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const users = Array.from({ length: 50 }, (_, index) => `fanout-${index}`);
const owner = "fanout-0";
const { chat } = await db.db.transaction((tx) =>
  createChat(tx, {
    type: "group",
    ownerId: owner,
    members: users.map((userId, index) => ({ userId, role: index ? "member" : "owner" })),
  }),
);
const sentAt = new Map<number, bigint>();
const latenciesNs: bigint[] = [];
let received = 0;
const clients: WebSocket[] = [];
for (let index = 0; index < sockets; index++) {
  const token = await mintToken({ secret, userId: `fanout-${index % users.length}` });
  const ws = new WebSocket(`ws://127.0.0.1:${handle.port}/ws?token=${token}`);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const joined = new Promise((resolve) => ws.once("message", resolve));
  ws.send(JSON.stringify({ type: "join_chat", chatId: chat.id }));
  await joined;
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type !== "new_message") return;
    latenciesNs.push(process.hrtime.bigint() - (sentAt.get(frame.message.seq) ?? 0n));
    received += 1;
  });
  clients.push(ws);
}

// Only the first message is written: the rest reuse it with the next seqs, so the run measures fan-out
// (bus → node → sockets) rather than PostgreSQL's write rate.
const { message: template } = await db.db.transaction((tx) =>
  appendMessage(tx, { chatId: chat.id, senderId: owner, content: "x".repeat(200) }),
);
const started = process.hrtime.bigint();
for (let seq = 1; seq <= messages; seq++) {
  const message = { ...template, seq };
  sentAt.set(seq, process.hrtime.bigint());
  await bus.publish(
    channels.chat(chat.id),
    encodeChatMessage({ frame: { type: "new_message", chatId: chat.id, message } }),
  );
  if (seq % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
}
while (received < sockets * messages) await new Promise((resolve) => setTimeout(resolve, 5));
const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
const sorted = latenciesNs.map((ns) => Number(ns) / 1e6).sort((a, b) => a - b);
const pick = (q: number) =>
  (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2);
console.log(
  JSON.stringify({
    bus: busKind,
    sockets,
    messages,
    deliveries: received,
    elapsedS: Number(elapsedS.toFixed(2)),
    deliveriesPerSec: Math.round(received / elapsedS),
    latencyMs: { p50: pick(0.5), p99: pick(0.99), max: pick(1) },
  }),
);

for (const ws of clients) ws.terminate();
await handle.close();
await bus.close();
await db.close();
await admin.unsafe(`drop database if exists "${name}" with (force)`);
await adminClient.close();
process.exit(0);
