import { connect as connectTcp } from "node:net";
import { createTestDatabase, type TestDatabase } from "@chat/db/testing";
import { mintToken } from "@chat/shared/auth";
import { type Bus, createMemoryBus } from "@chat/shared/bus";
import { channels } from "@chat/shared/contracts";
import type { Logger } from "@chat/shared/logger";
import { createMemoryPresence, type Presence } from "@chat/shared/presence";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  createGroup,
  expectedSeqs,
  newUserId,
  postMessage,
  publishFrame,
  seedMessages,
  sleep,
  startTestNode,
  TEST_SECRET,
  TestClient,
  type TestNode,
  tokenFor,
  waitUntil,
} from "./testing/kit";

let db: TestDatabase;
let bus: Bus;
let presence: Presence;
let node: TestNode;
const clients: TestClient[] = [];

async function connect(userId: string, target: TestNode = node) {
  const client = await TestClient.connect(`${target.wsUrl()}?token=${await tokenFor(userId)}`);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  db = await createTestDatabase();
  bus = createMemoryBus();
  presence = createMemoryPresence({ ttlMs: 60_000 });
  node = await startTestNode({
    db,
    bus,
    presence,
    config: {
      ALLOWED_ORIGINS: "https://app.gametrade.example, http://localhost:*",
      WS_ALLOWED_ORIGINS: "https://legacy.gametrade.example",
      WS_MAX_CHATS_PER_SOCKET: 3,
      WS_MAX_CONNECTIONS_PER_USER: 2,
      WS_FRAMES_PER_SEC: 10,
      WS_MAX_PAYLOAD_BYTES: 4096,
    },
  });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await node.handle.close();
  await bus.close();
  await db.drop();
});

/** Records every log call verbatim (no redaction), so the test sees exactly what the code passes. */
function captureLogger(lines: string[]): Logger {
  const record = (...args: unknown[]) => {
    lines.push(JSON.stringify(args, (_key, value) => (value instanceof Error ? value.message : value)));
  };
  const logger = { trace: record, debug: record, info: record, warn: record, error: record, fatal: record };
  return { ...logger, child: () => ({ ...logger }), level: "debug" } as unknown as Logger;
}

describe("upgrade", () => {
  it("refuses a missing or invalid token with 401 before upgrading", async () => {
    expect(await TestClient.upgradeStatus(node.wsUrl())).toBe(401);
    expect(await TestClient.upgradeStatus(`${node.wsUrl()}?token=not-a-jwt`)).toBe(401);
    const wrongKey = await mintToken({ secret: "x".repeat(40), userId: "mallory" });
    expect(await TestClient.upgradeStatus(`${node.wsUrl()}?token=${wrongKey}`)).toBe(401);
    const expired = await mintToken({
      secret: TEST_SECRET,
      userId: "late",
      expiresIn: Math.floor(Date.now() / 1000) - 60,
    });
    expect(await TestClient.upgradeStatus(`${node.wsUrl()}?token=${expired}`)).toBe(401);
  });

  it("refuses with 401, as REST does, a token whose sub holds a NUL or is padded with whitespace", async () => {
    for (const sub of ["evil\u0000id", ` ${newUserId()}\t`]) {
      const token = await tokenFor(sub);
      expect(await TestClient.upgradeStatus(`${node.wsUrl()}?token=${token}`), JSON.stringify(sub)).toBe(401);
    }
  });

  it("closes a socket with 4001 when its token expires", async () => {
    const token = await mintToken({ secret: TEST_SECRET, userId: newUserId(), expiresIn: "4s" });
    const client = await TestClient.connect(`${node.wsUrl()}?token=${token}`);
    clients.push(client);
    expect((await client.waitClosed(20_000)).code).toBe(4001);
  });

  it("accepts the token from the Authorization header as well as ?token=", async () => {
    const token = await tokenFor(newUserId());
    expect(
      await TestClient.upgradeStatus(node.wsUrl(), { headers: { authorization: `Bearer ${token}` } }),
    ).toBe(101);
    expect(await TestClient.upgradeStatus(`${node.wsUrl()}?token=${token}`)).toBe(101);
  });

  it("refuses a banned user with 403 before upgrading", async () => {
    const banned = newUserId("banned");
    await db.sql`insert into users (id, banned_at) values (${banned}, now())`;
    expect(await TestClient.upgradeStatus(`${node.wsUrl()}?token=${await tokenFor(banned)}`)).toBe(403);
  });

  it("refuses a browser Origin outside ALLOWED_ORIGINS (and the older WS_ALLOWED_ORIGINS) and admits listed origins and non-browser clients", async () => {
    const url = `${node.wsUrl()}?token=${await tokenFor(newUserId())}`;
    for (const origin of [
      "https://evil.example",
      "http://localhost.evil.example:3000",
      "https://localhost:3000",
    ]) {
      expect(await TestClient.upgradeStatus(url, { origin }), origin).toBe(403);
    }
    for (const origin of [
      "https://app.gametrade.example",
      "http://localhost:3000",
      "https://legacy.gametrade.example",
    ]) {
      expect(await TestClient.upgradeStatus(url, { origin }), origin).toBe(101);
    }
    expect(await TestClient.upgradeStatus(url)).toBe(101);
  });

  it("never writes a token to the logs, accepted or refused", async () => {
    const lines: string[] = [];
    const logged = await startTestNode({ db, bus, logger: captureLogger(lines) });
    try {
      const token = await tokenFor(newUserId());
      const forged = `${token.slice(0, -4)}AAAA`;
      expect(await TestClient.upgradeStatus(`${logged.wsUrl()}?token=${forged}`)).toBe(401);
      expect(await TestClient.upgradeStatus(`${logged.wsUrl()}?token=${token}`)).toBe(101);
      await waitUntil(() => lines.some((line) => line.includes("upgrade accepted")));
      expect(lines.some((line) => line.includes("[redacted]"))).toBe(true);
      expect(lines.filter((line) => line.includes(token) || line.includes(forged))).toEqual([]);
    } finally {
      await logged.handle.close();
    }
  });

  it("survives clients that vanish in the middle of the authenticated upgrade", async () => {
    const token = await tokenFor(newUserId());
    const { port } = new URL(node.wsUrl());
    await Promise.all(
      Array.from({ length: 40 }, (_, index) => {
        return new Promise<void>((resolve) => {
          const socket = connectTcp(Number(port), "127.0.0.1", () => {
            socket.write(
              `GET /ws?token=${token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            );
            setTimeout(() => socket.destroy(), index % 4);
          });
          socket.on("error", () => {});
          socket.on("close", () => resolve());
        });
      }),
    );
    const client = await connect(newUserId());
    client.send({ type: "ping" });
    await client.waitFor((frame) => frame.type === "pong");
  });

  it("refuses a malformed chat id in /ws/chat/{chatId} with 400", async () => {
    const token = await tokenFor(newUserId());
    expect(await TestClient.upgradeStatus(`${node.wsUrl("/ws/chat/not-a-uuid")}?token=${token}`)).toBe(400);
  });

  it("caps connections per user on this node with close code 4029", async () => {
    const user = newUserId();
    await connect(user);
    await connect(user);
    const third = await connect(user);
    expect((await third.waitClosed()).code).toBe(4029);
  });
});

describe("frames", () => {
  it("answers ping with pong", async () => {
    const client = await connect(newUserId());
    client.send({ type: "ping" });
    await client.waitFor((frame) => frame.type === "pong");
  });

  it("answers bad JSON, unknown types, bad fields and binary frames with BAD_FRAME, and the socket lives on", async () => {
    const client = await connect(newUserId());
    client.send("{not json");
    client.send({ type: "shout" });
    client.send({ type: "join_chat", chatId: "not-a-uuid" });
    client.send({ type: "typing", chatId: crypto.randomUUID(), isTyping: "yes" });
    client.send({ type: "join_chat", chatId: crypto.randomUUID(), extra: 1 });
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await waitUntil(() => client.of("error").length === 6);
    expect(client.of("error").map((frame) => frame.code)).toEqual(Array(6).fill("BAD_FRAME"));
    client.send({ type: "ping" });
    await client.waitFor((frame) => frame.type === "pong");
    expect(client.closed).toBeNull();
  });

  it("closes a socket that sends a frame over WS_MAX_PAYLOAD_BYTES with 1009 and a close frame", async () => {
    const client = await connect(newUserId());
    client.send({ type: "ping", pad: "x".repeat(8000) });
    const closed = await client.waitClosed();
    expect(closed).toEqual({ code: 1009, reason: "frame too large" });
  });

  it("still closes a socket whose frame is far beyond what uWS will buffer (4 × WS_MAX_PAYLOAD_BYTES)", async () => {
    const client = await connect(newUserId());
    client.send({ type: "ping", pad: "x".repeat(40_000) });
    const closed = await client.waitClosed();
    expect(closed.code).not.toBe(1000);
  });

  it("refuses a join past WS_MAX_CHATS_PER_SOCKET with TOO_MANY_CHATS", async () => {
    const user = newUserId();
    const chats = [];
    for (let index = 0; index < 4; index++) chats.push(await createGroup(db, user, []));
    const client = await connect(user);
    for (const chatId of chats.slice(0, 3))
      expect(await client.join(chatId)).toMatchObject({ type: "joined" });
    expect(await client.join(chats[3]!)).toMatchObject({ type: "error", code: "TOO_MANY_CHATS" });
  });

  it("refuses frames over WS_FRAMES_PER_SEC with one RATE_LIMITED error and keeps a mildly eager socket open", async () => {
    const client = await connect(newUserId());
    for (let index = 0; index < 25; index++) client.send({ type: "ping" });
    await client.waitFor((frame) => frame.type === "error" && frame.code === "RATE_LIMITED");
    await sleep(1100);
    client.send({ type: "ping" });
    await waitUntil(() => client.of("pong").length === 21);
    expect(client.of("error")).toHaveLength(1);
    expect(client.closed).toBeNull();
  });

  it("closes a socket that keeps flooding past the rate limit with 1008", async () => {
    const client = await connect(newUserId());
    for (let index = 0; index < 200; index++) client.send({ type: "ping" });
    expect((await client.waitClosed()).code).toBe(1008);
  });
});

describe("control and presence", () => {
  it("closes every socket of a user banned on the control channel with 4003", async () => {
    const user = newUserId();
    const bystander = await connect(newUserId());
    const [a, b] = [await connect(user), await connect(user)];
    await bus.publish(channels.control, JSON.stringify({ type: "user_banned", userId: user }));
    expect((await a.waitClosed()).code).toBe(4003);
    expect((await b.waitClosed()).code).toBe(4003);
    bystander.send({ type: "ping" });
    await bystander.waitFor((frame) => frame.type === "pong");
  });

  it("marks a user online while a socket is open and clears it when the last one closes", async () => {
    const user = newUserId();
    const a = await connect(user);
    const b = await connect(user);
    await waitUntil(async () => (await presence.online([user])).has(user));
    await waitUntil(async () => (await node.metric("chat_realtime_sockets_open")) === 2);
    a.close();
    await waitUntil(async () => (await node.metric("chat_realtime_sockets_open")) === 1);
    expect((await presence.online([user])).has(user)).toBe(true);
    b.close();
    await waitUntil(async () => !(await presence.online([user])).has(user));
  });
});

describe("presence refresh", () => {
  it("refreshes the presence of connected users before PRESENCE_TTL_MS lapses", async () => {
    const shortPresence = createMemoryPresence({ ttlMs: 3000 });
    const refreshing = await startTestNode({
      db,
      bus,
      presence: shortPresence,
      config: { PRESENCE_TTL_MS: 3000 },
    });
    try {
      const user = newUserId();
      await connect(user, refreshing);
      await waitUntil(async () => (await shortPresence.online([user])).has(user));
      await sleep(5000);
      expect((await shortPresence.online([user])).has(user)).toBe(true);
    } finally {
      await refreshing.handle.close();
    }
  });
});

describe("health and metrics", () => {
  it("serves /health, /ready and Prometheus /metrics with the realtime gauges", async () => {
    const base = `http://127.0.0.1:${node.handle.httpPort}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { postgres: "ok", bus: "ok" } });
    const user = newUserId();
    const chatId = await createGroup(db, user, []);
    const client = await connect(user);
    await client.join(chatId);
    await postMessage(db, bus, chatId, user, "count me");
    await client.waitFor((frame) => frame.type === "new_message");
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const name of [
      "chat_realtime_sockets_open",
      "chat_realtime_joined_chats",
      "chat_realtime_bus_subscriptions",
      "chat_realtime_deliveries_total",
      "chat_realtime_slow_consumers_closed_total",
      "chat_realtime_bus_resyncs_total",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/chat_realtime_bus_lag_seconds_count [1-9]/);
    expect(await node.metric("chat_realtime_sockets_open")).toBeGreaterThanOrEqual(1);
    expect(await node.metric("chat_realtime_deliveries_total")).toBeGreaterThanOrEqual(1);
  });

  it("holds a bus subscription per chat only while this node has sockets in it", async () => {
    const user = newUserId();
    const chatId = await createGroup(db, user, []);
    const before = await node.metric("chat_realtime_bus_subscriptions");
    const a = await connect(user);
    const b = await connect(user);
    await a.join(chatId);
    await b.join(chatId);
    expect(await node.metric("chat_realtime_bus_subscriptions")).toBe(before + 1);
    a.send({ type: "leave_chat", chatId });
    a.send({ type: "ping" });
    await a.waitFor((frame) => frame.type === "pong");
    expect(await node.metric("chat_realtime_bus_subscriptions")).toBe(before + 1);
    b.close();
    await waitUntil(async () => (await node.metric("chat_realtime_bus_subscriptions")) === before);
  });
});

describe("slow and silent clients", () => {
  it("cuts off a socket that stops reading once its buffer passes WS_MAX_BACKPRESSURE_BYTES", async () => {
    const slowNode = await startTestNode({ db, bus, config: { WS_MAX_BACKPRESSURE_BYTES: 64 * 1024 } });
    try {
      const user = newUserId();
      const chatId = await createGroup(db, user, []);
      const slow = await connect(user, slowNode);
      await slow.join(chatId);
      const raw = (slow.ws as unknown as { _socket: import("node:net").Socket })._socket;
      raw.pause();
      const first = await postMessage(db, null, chatId, user, "x".repeat(3500));
      for (let seq = 1; seq <= 4000 && (await slowNode.metric("chat_realtime_sockets_open")) > 0; seq++) {
        await db.sql`update chats set last_seq = ${seq} where id = ${chatId}`;
        await publishFrame(bus, chatId, { type: "new_message", chatId, message: { ...first, seq } });
      }
      await waitUntil(async () => (await slowNode.metric("chat_realtime_sockets_open")) === 0, 20_000);
      raw.resume();
      expect(await slowNode.metric("chat_realtime_slow_consumers_closed_total")).toBe(1);
      const closed = await slow.waitClosed();
      expect(closed.code).toBe(4008);
    } finally {
      await slowNode.handle.close();
    }
  });

  it("cuts off a reader that stalls under bursts (a catch-up lands in one event-loop turn) with 4008 and a close frame, not a bare 1006", async () => {
    const burstNode = await startTestNode({ db, bus, config: { WS_MAX_BACKPRESSURE_BYTES: 128 * 1024 } });
    try {
      const user = newUserId();
      const chatId = await createGroup(db, user, []);
      const slow = await connect(user, burstNode);
      await slow.join(chatId);
      const raw = (slow.ws as unknown as { _socket: import("node:net").Socket })._socket;
      raw.pause();
      const template = await postMessage(db, null, chatId, user, "template");
      let lastSeq = template.seq;
      while ((await burstNode.metric("chat_realtime_sockets_open")) > 0 && lastSeq < 20_000) {
        // 99 messages only in PostgreSQL, then the 100th on the bus: the hub relays the gap in one go.
        await seedMessages(db, chatId, user, 100, "z".repeat(3500));
        lastSeq += 100;
        await publishFrame(bus, chatId, {
          type: "new_message",
          chatId,
          message: { ...template, seq: lastSeq },
        });
      }
      await waitUntil(async () => (await burstNode.metric("chat_realtime_sockets_open")) === 0, 20_000);
      raw.resume();
      expect(await burstNode.metric("chat_realtime_slow_consumers_closed_total")).toBe(1);
      expect((await slow.waitClosed()).code).toBe(4008);
    } finally {
      await burstNode.handle.close();
    }
  }, 60_000);

  it("replays a history many times WS_MAX_BACKPRESSURE_BYTES to a reading client completely and in order, without cutting it off", async () => {
    const smallNode = await startTestNode({
      db,
      bus,
      config: { WS_MAX_BACKPRESSURE_BYTES: 64 * 1024, WS_REPLAY_LIMIT: 2000 },
    });
    try {
      const user = newUserId();
      const chatId = await createGroup(db, user, []);
      await seedMessages(db, chatId, user, 800, "y".repeat(3500));
      const client = await connect(user, smallNode);
      expect(await client.join(chatId, 0)).toMatchObject({ type: "joined", lastSeq: 800, recovered: true });
      expect(client.seqs(chatId)).toEqual(expectedSeqs(1, 800));
      expect(client.closed).toBeNull();
    } finally {
      await smallNode.handle.close();
    }
  }, 60_000);

  it("closes a socket that answers no pings after WS_IDLE_TIMEOUT_SEC", async () => {
    const idleNode = await startTestNode({ db, bus, config: { WS_IDLE_TIMEOUT_SEC: 8 } });
    try {
      const client = await connect(newUserId(), idleNode);
      const raw = (client.ws as unknown as { _socket: import("node:net").Socket })._socket;
      raw.pause();
      await waitUntil(async () => (await idleNode.metric("chat_realtime_sockets_open")) === 0, 30_000);
    } finally {
      await idleNode.handle.close();
    }
  }, 40_000);

  it("keeps an idle socket that answers pings open past WS_IDLE_TIMEOUT_SEC", async () => {
    const idleNode = await startTestNode({ db, bus, config: { WS_IDLE_TIMEOUT_SEC: 8 } });
    try {
      const client = await connect(newUserId(), idleNode);
      await sleep(17_000);
      expect(client.closed).toBeNull();
    } finally {
      await idleNode.handle.close();
    }
  }, 40_000);
});

describe("shutdown", () => {
  it("closes every socket with 1012, refuses new upgrades, and resolves close() within the deadline", async () => {
    const other = await startTestNode({ db, bus });
    const user = newUserId();
    const chatId = await createGroup(db, user, []);
    const a = await connect(user, other);
    const b = await connect(newUserId(), other);
    await a.join(chatId);
    await other.handle.close();
    expect((await a.waitClosed()).code).toBe(1012);
    expect((await b.waitClosed()).code).toBe(1012);
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(other.wsUrl());
      ws.once("open", () => resolve(false));
      ws.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
    expect(await other.metric("chat_realtime_bus_subscriptions")).toBe(0);
  });
});
