import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { freePort } from "@chat/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedSeqs, newUserId, TEST_SECRET, TestClient, tokenFor } from "./testing/kit";
import { type AppProcess, spawnApp, stopAllApps, waitForOk } from "./testing/processes";

const redisUrl = await serviceUrl("redis");

describe.skipIf(!redisUrl)("two api and two realtime processes on one PostgreSQL and Redis", () => {
  let db: TestDatabase;
  const apis: { process: AppProcess; url: string }[] = [];
  const nodes: { process: AppProcess; wsUrl: string; httpUrl: string }[] = [];
  const clients: TestClient[] = [];

  async function startRealtimeProcess() {
    const [port, httpPort] = [await freePort(), await freePort()];
    const process = spawnApp("realtime", {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl!,
      JWT_SECRET: TEST_SECRET,
      HOST: "127.0.0.1",
      REALTIME_PORT: String(port),
      REALTIME_HTTP_PORT: String(httpPort),
      SHUTDOWN_TIMEOUT_MS: "5000",
      INSTANCE_ID: `rt-${port}`,
    });
    const node = { process, wsUrl: `ws://127.0.0.1:${port}/ws`, httpUrl: `http://127.0.0.1:${httpPort}` };
    await waitForOk(`${node.httpUrl}/ready`, process);
    return node;
  }

  async function startApiProcess() {
    const port = await freePort();
    const process = spawnApp("api", {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl!,
      JWT_SECRET: TEST_SECRET,
      HOST: "127.0.0.1",
      API_PORT: String(port),
      SEND_RATE_PER_SEC: "1000",
      SEND_BURST: "1000",
    });
    const api = { process, url: `http://127.0.0.1:${port}` };
    await waitForOk(`${api.url}/health`, process);
    return api;
  }

  async function call(apiUrl: string, userId: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await tokenFor(userId)}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  async function connect(wsUrl: string, userId: string) {
    const client = await TestClient.connect(`${wsUrl}?token=${await tokenFor(userId)}`);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    apis.push(...(await Promise.all([startApiProcess(), startApiProcess()])));
    nodes.push(...(await Promise.all([startRealtimeProcess(), startRealtimeProcess()])));
  }, 300_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await stopAllApps();
    await db.drop();
  }, 60_000);

  it("a message posted on either api reaches sockets on both realtime nodes, in seq order with no gap or duplicate", async () => {
    const alice = newUserId("alice");
    const bob = newUserId("bob");
    const chat = await call(apis[0]!.url, alice, "POST", "/chats", {
      type: "group",
      title: "multi",
      memberIds: [bob],
    });
    const chatId = String(chat.id);
    const a = await connect(nodes[0]!.wsUrl, alice);
    const b = await connect(nodes[1]!.wsUrl, bob);
    // The first join on freshly started processes waited over 10 s once in a full CI run on two busy cores.
    expect(await a.join(chatId, undefined, 30_000)).toMatchObject({ type: "joined" });
    expect(await b.join(chatId, undefined, 30_000)).toMatchObject({ type: "joined" });

    const first = await call(apis[0]!.url, alice, "POST", `/chats/${chatId}/messages`, {
      content: "via api 1",
    });
    const second = await call(apis[1]!.url, bob, "POST", `/chats/${chatId}/messages`, {
      content: "via api 2",
    });
    for (const client of [a, b]) {
      await client.waitFor((frame) => frame.type === "new_message" && frame.message.id === second.id);
      expect(client.of("new_message", chatId).map((frame) => frame.message.id)).toEqual([
        first.id,
        second.id,
      ]);
    }

    const perApi = 25;
    await Promise.all(
      apis.map(async (api, index) => {
        for (let n = 0; n < perApi; n++) {
          await call(api.url, index ? bob : alice, "POST", `/chats/${chatId}/messages`, {
            content: `burst ${n}`,
          });
        }
      }),
    );
    const last = 2 + perApi * 2;
    for (const client of [a, b]) {
      await client.waitFor((frame) => frame.type === "new_message" && frame.message.seq === last, 20_000);
    }
    // A typing frame published after the last send reaches both nodes behind every earlier frame.
    a.send({ type: "typing", chatId, isTyping: true });
    for (const client of [a, b]) {
      await client.waitFor((frame) => frame.type === "typing" && frame.userId === alice);
    }
    for (const client of [a, b]) expect(client.seqs(chatId)).toEqual(expectedSeqs(1, last));
  });

  it("typing crosses realtime nodes and expires by itself", async () => {
    const alice = newUserId("alice");
    const bob = newUserId("bob");
    const chat = await call(apis[1]!.url, alice, "POST", "/chats", {
      type: "group",
      title: "typing",
      memberIds: [bob],
    });
    const chatId = String(chat.id);
    const a = await connect(nodes[0]!.wsUrl, alice);
    const b = await connect(nodes[1]!.wsUrl, bob);
    await a.join(chatId);
    await b.join(chatId);
    a.send({ type: "typing", chatId, isTyping: true });
    await b.waitFor((frame) => frame.type === "typing" && frame.userId === alice && frame.isTyping);
    await b.waitFor((frame) => frame.type === "typing" && frame.userId === alice && !frame.isTyping, 15_000);
    b.send({ type: "typing", chatId, isTyping: true });
    await a.waitFor((frame) => frame.type === "typing" && frame.userId === bob && frame.isTyping);
  });

  it("SIGTERM on a realtime node closes its sockets with 1012 and exits 0; the client recovers everything on the other node", async () => {
    const alice = newUserId("alice");
    const chat = await call(apis[0]!.url, alice, "POST", "/chats", {
      type: "group",
      title: "failover",
      memberIds: [],
    });
    const chatId = String(chat.id);
    const extra = await startRealtimeProcess();
    const a = await connect(extra.wsUrl, alice);
    await a.join(chatId);
    await call(apis[0]!.url, alice, "POST", `/chats/${chatId}/messages`, { content: "before" });
    await a.waitFor((frame) => frame.type === "new_message");
    const exit = extra.process.stop("SIGTERM");
    expect((await a.waitClosed()).code).toBe(1012);
    expect(await exit).toBe(0);
    for (let n = 0; n < 5; n++)
      await call(apis[1]!.url, alice, "POST", `/chats/${chatId}/messages`, { content: `gap ${n}` });
    const lastSeen = Math.max(...a.seqs(chatId));
    const again = await connect(nodes[1]!.wsUrl, alice);
    expect(await again.join(chatId, lastSeen)).toMatchObject({ type: "joined", lastSeq: 6, recovered: true });
    expect([...a.seqs(chatId), ...again.seqs(chatId)]).toEqual(expectedSeqs(1, 6));
  }, 180_000);

  it("a user banned through the control channel is cut off on every node", async () => {
    const mallory = newUserId("mallory");
    const onFirst = await connect(nodes[0]!.wsUrl, mallory);
    const onSecond = await connect(nodes[1]!.wsUrl, mallory);
    const { Redis } = await import("ioredis");
    const redis = new Redis(redisUrl!);
    try {
      await redis.publish("control", JSON.stringify({ type: "user_banned", userId: mallory }));
    } finally {
      redis.disconnect();
    }
    expect((await onFirst.waitClosed()).code).toBe(4003);
    expect((await onSecond.waitClosed()).code).toBe(4003);
  });

  it("serves /health, /ready and /metrics from each realtime process", async () => {
    for (const node of nodes) {
      expect((await fetch(`${node.httpUrl}/health`)).status).toBe(200);
      expect((await fetch(`${node.httpUrl}/ready`)).status).toBe(200);
      const metrics = await (await fetch(`${node.httpUrl}/metrics`)).text();
      expect(metrics).toContain("chat_realtime_sockets_open");
      expect(metrics).toContain("chat_realtime_process_cpu_seconds_total");
    }
  });
});
