import { type ChildProcess, spawn } from "node:child_process";
import { type Bus, createRedisBus } from "@chat/shared/bus";
import { channels } from "@chat/shared/contracts";
import { freePort } from "@chat/shared/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, eventually, type TestApi, uniqueId } from "../testing/harness";

/** A Redis of our own, so this test can kill it without touching the shared one. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  const probe = new Redis(port, "127.0.0.1", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  await eventually(async () => {
    await probe.connect().catch(() => {});
    expect(await probe.ping()).toBe("PONG");
  }, 10_000);
  probe.disconnect();
  return child;
}

let redis: ChildProcess | undefined;
let bus: Bus;
let api: TestApi;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  redis = await startRedis(port);
  url = `redis://127.0.0.1:${port}`;
  bus = createRedisBus({ url, heartbeatMs: 1000 });
  api = await createTestApi({ bus, config: { BUS_PUBLISH_TIMEOUT_MS: 500 } });
});
afterAll(async () => {
  await api.close();
  await bus.close();
  if (redis && redis.exitCode === null) redis.kill("SIGKILL");
});

describe("bus failure after commit", () => {
  it("keeps every committed send (201, in PostgreSQL) when Redis dies, counting the failed publishes", async () => {
    const owner = uniqueId("owner");
    const token = await api.token(owner);
    const chat = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "bus", memberIds: [] },
    });
    const chatId = chat.body.id as string;

    const listener = createRedisBus({ url });
    const received: string[] = [];
    await listener.subscribe(channels.chat(chatId), (payload) => received.push(payload));
    const live = await api.call("POST", `/chats/${chatId}/messages`, { token, body: { content: "live" } });
    expect(live.status).toBe(201);
    await eventually(() => expect(received).toHaveLength(1));
    await listener.close();

    const exited = new Promise((resolve) => redis?.once("exit", resolve));
    redis?.kill("SIGKILL");
    await exited;

    const sends = [];
    for (let i = 0; i < 3; i++) {
      sends.push(
        await api.call("POST", `/chats/${chatId}/messages`, { token, body: { content: `down ${i}` } }),
      );
    }
    expect(sends.map((res) => res.status)).toEqual([201, 201, 201]);
    expect(sends.map((res) => res.body.seq)).toEqual([2, 3, 4]);
    const rows = await api.db.sql`select seq::int from messages where chat_id = ${chatId} order by seq`;
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4]);
    const edit = await api.call("PATCH", `/chats/${chatId}/messages/${live.body.id}`, {
      token,
      body: { content: "e" },
    });
    expect(edit.status).toBe(200);

    const failures = await api.registry.getSingleMetricAsString("chat_api_bus_publish_failures_total");
    expect(Number(/ (\d+)$/m.exec(failures)?.[1])).toBeGreaterThanOrEqual(4);
    const ready = await api.call("GET", "/ready");
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ postgres: "ok", bus: "failed" });
  });
});
