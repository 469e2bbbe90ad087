import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { createConfiguredRedisBus } from "@chat/shared/bus";
import { channels } from "@chat/shared/contracts";
import { freePort, type RedisCluster, startTestRedisCluster } from "@chat/shared/testing";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedSeqs, newUserId, TEST_SECRET, TestClient, tokenFor } from "./testing/kit";
import { type AppProcess, spawnApp, stopAllApps, waitForOk } from "./testing/processes";

const redisUrl = await serviceUrl("redis");
// The cluster is this file's own, on free ports: bus, presence and rate limits all move onto it.
const cluster = await startTestRedisCluster();
afterAll(async () => {
  await cluster?.dispose();
});

interface Backing {
  env: Record<string, string>;
  clusterNodes: string[];
  cluster?: RedisCluster;
}
const backings: [string, Backing | null][] = [
  ["one Redis", redisUrl ? { env: { REDIS_URL: redisUrl }, clusterNodes: [] } : null],
  [
    "a 3-master Redis Cluster",
    redisUrl && cluster
      ? {
          env: { REDIS_URL: redisUrl, REDIS_CLUSTER_NODES: cluster.nodes.join(",") },
          clusterNodes: cluster.nodes,
          cluster,
        }
      : null,
  ],
];

describe.each(backings)("two api and two realtime processes on one PostgreSQL and %s", (_name, backing) => {
  const test = backing ? it : it.skip;
  let db: TestDatabase;
  const apis: { process: AppProcess; url: string }[] = [];
  const nodes: { process: AppProcess; wsUrl: string; httpUrl: string }[] = [];
  const clients: TestClient[] = [];

  async function startRealtimeProcess() {
    const [port, httpPort] = [await freePort(), await freePort()];
    const process = spawnApp("realtime", {
      DATABASE_URL: db.url,
      ...backing!.env,
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
      ...backing!.env,
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
    if (!backing) return;
    db = await createTestDatabase();
    apis.push(...(await Promise.all([startApiProcess(), startApiProcess()])));
    nodes.push(...(await Promise.all([startRealtimeProcess(), startRealtimeProcess()])));
  }, 300_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await stopAllApps();
    await db?.drop();
  }, 60_000);

  test("a message posted on either api reaches sockets on both realtime nodes, in seq order with no gap or duplicate", async () => {
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

  test("typing crosses realtime nodes and expires by itself", async () => {
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

  test("SIGTERM on a realtime node closes its sockets with 1012 and exits 0; the client recovers everything on the other node", async () => {
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

  test("a user banned through the control channel is cut off on every node", async () => {
    const mallory = newUserId("mallory");
    const onFirst = await connect(nodes[0]!.wsUrl, mallory);
    const onSecond = await connect(nodes[1]!.wsUrl, mallory);
    const bus = createConfiguredRedisBus({
      url: backing!.env.REDIS_URL!,
      clusterNodes: backing!.clusterNodes,
    });
    try {
      // The bus refuses to queue while it connects: publish once it answers.
      while (
        !(await bus.ping().then(
          () => true,
          () => false,
        ))
      )
        await new Promise((r) => setTimeout(r, 20));
      await bus.publish(channels.control, JSON.stringify({ type: "user_banned", userId: mallory }));
    } finally {
      await bus.close();
    }
    expect((await onFirst.waitClosed()).code).toBe(4003);
    expect((await onSecond.waitClosed()).code).toBe(4003);
  });

  (backing?.cluster ? it : it.skip)(
    "a restart of the master that holds the chat's channel loses nothing: both nodes resubscribe and resync, no gap, no duplicate",
    async () => {
      const alice = newUserId("alice");
      const bob = newUserId("bob");
      const chat = await call(apis[0]!.url, alice, "POST", "/chats", {
        type: "group",
        title: "master restart",
        memberIds: [bob],
      });
      const chatId = String(chat.id);
      const a = await connect(nodes[0]!.wsUrl, alice);
      const b = await connect(nodes[1]!.wsUrl, bob);
      await a.join(chatId, undefined, 30_000);
      await b.join(chatId, undefined, 30_000);
      const master = await masterOf(backing!.clusterNodes, channels.chat(chatId));

      // A send is retried with its clientMessageId until an api answers, as a client does through an outage.
      const send = async (userId: string, n: number) => {
        const body = { content: `m${n}`, clientMessageId: `restart-${n}` };
        for (let attempt = 0; ; attempt++) {
          try {
            return await call(apis[n % 2]!.url, userId, "POST", `/chats/${chatId}/messages`, body);
          } catch (error) {
            if (attempt > 100) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      };
      let n = 0;
      const sendSome = async (count: number) => {
        for (const end = n + count; n < end; n++) await send(n % 2 ? bob : alice, n);
      };
      await sendSome(10);
      const restarting = backing!.cluster!.restartMaster(master);
      await Promise.all([restarting, sendSome(20)]);
      await sendSome(10);
      for (const client of [a, b]) {
        await client.waitFor((frame) => frame.type === "new_message" && frame.message.seq === n, 30_000);
        expect(client.seqs(chatId)).toEqual(expectedSeqs(1, n));
      }
    },
    180_000,
  );

  test("serves /health, /ready and /metrics from each realtime process", async () => {
    for (const node of nodes) {
      expect((await fetch(`${node.httpUrl}/health`)).status).toBe(200);
      expect((await fetch(`${node.httpUrl}/ready`)).status).toBe(200);
      const metrics = await (await fetch(`${node.httpUrl}/metrics`)).text();
      expect(metrics).toContain("chat_realtime_sockets_open");
      expect(metrics).toContain("chat_realtime_process_cpu_seconds_total");
    }
  });
});

/** host:port of the master that serves the channel's slot. */
async function masterOf(nodes: string[], channel: string): Promise<string> {
  const [host, port] = nodes[0]!.split(":");
  const probe = new Cluster([{ host: host!, port: Number(port) }]);
  try {
    await new Promise((resolve) => probe.once("ready", resolve));
    const slot = Number(await probe.call("CLUSTER", "KEYSLOT", channel));
    const master = probe.slots[slot]?.[0];
    if (!master) throw new Error(`no master serves ${channel}`);
    return master;
  } finally {
    probe.disconnect();
  }
}
