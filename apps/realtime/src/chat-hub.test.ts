import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { type Bus, createMemoryBus, createRedisBus } from "@chat/shared/bus";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  awaitSentinel,
  createGroup,
  expectedSeqs,
  newUserId,
  postMessage,
  publishFrame,
  readyBus,
  seedMessages,
  sleep,
  startTestNode,
  TestClient,
  type TestNode,
  tokenFor,
  waitUntil,
} from "./testing/kit";

const redisUrl = await serviceUrl("redis");
const buses: [string, (() => Bus) | null][] = [
  ["memory bus", () => createMemoryBus()],
  ["redis bus", redisUrl ? () => createRedisBus({ url: redisUrl }) : null],
];

describe.each(buses)("a ChatHub over the %s: joins, replay, fan-out and eviction", (_name, makeBus) => {
  let db: TestDatabase;
  let bus: Bus;
  let node: TestNode;
  const clients: TestClient[] = [];

  async function connect(userId: string, path = "/ws") {
    const client = await TestClient.connect(`${node.wsUrl(path)}?token=${await tokenFor(userId)}`);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    if (!makeBus) return;
    db = await createTestDatabase();
    bus = await readyBus(makeBus());
    node = await startTestNode({ db, bus, config: { TYPING_TTL_MS: 400, WS_REPLAY_LIMIT: 200 } });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    if (!makeBus) return;
    await node.handle.close();
    await bus.close();
    await db.drop();
  });

  it.skipIf(!makeBus)(
    "a member's join answers joined with the chat's lastSeq, then relays new messages live",
    async () => {
      const owner = newUserId();
      const chatId = await createGroup(db, owner, []);
      await postMessage(db, null, chatId, owner, "before");
      const client = await connect(owner);
      const joined = await client.join(chatId);
      expect(joined).toMatchObject({ type: "joined", chatId, lastSeq: 1 });
      expect(joined).not.toHaveProperty("recovered");
      await postMessage(db, bus, chatId, owner, "live");
      await client.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 2);
      expect(client.seqs(chatId)).toEqual([2]);
    },
  );

  it.skipIf(!makeBus)("a non-member gets NOT_FOUND and nothing of that chat", async () => {
    const owner = newUserId();
    const stranger = newUserId();
    const secret = await createGroup(db, owner, []);
    const own = await createGroup(db, stranger, []);
    const client = await connect(stranger);
    const answer = await client.join(secret, 0);
    expect(answer).toMatchObject({ type: "error", code: "NOT_FOUND", chatId: secret });
    await client.join(own);
    await postMessage(db, bus, secret, owner, "private");
    await publishFrame(bus, secret, { type: "typing", chatId: secret, userId: owner, isTyping: true });
    await postMessage(db, bus, own, stranger, "marker");
    await client.waitFor((frame) => frame.type === "new_message" && frame.chatId === own);
    expect(client.frames.filter((frame) => "chatId" in frame && frame.chatId === secret)).toEqual([answer]);
  });

  it.skipIf(!makeBus)(
    "join with sinceSeq replays every later message in order, then goes live, with no gap and no duplicate while sends continue",
    async () => {
      const owner = newUserId();
      const chatId = await createGroup(db, owner, []);
      for (let index = 0; index < 40; index++) await postMessage(db, bus, chatId, owner, `m${index}`);
      const client = await connect(owner);
      let sending = true;
      const sender = (async () => {
        let sent = 0;
        while (sending || sent < 60) {
          await postMessage(db, bus, chatId, owner, `c${sent}`);
          sent += 1;
          if (sent >= 60) break;
        }
      })();
      await sleep(5);
      const joined = await client.join(chatId, 10);
      expect(joined).toMatchObject({ type: "joined", recovered: true });
      sending = false;
      await sender;
      await client.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 100);
      await awaitSentinel(bus, chatId, [client]);
      expect(client.seqs(chatId)).toEqual(expectedSeqs(11, 100));
      const joinedAt = client.frames.indexOf(joined);
      const replayed = client.frames.slice(0, joinedAt).filter((frame) => frame.type === "new_message");
      expect(replayed.length).toBeGreaterThanOrEqual(30);
    },
  );

  it.skipIf(!makeBus)("two sockets joining at once both end with every message exactly once", async () => {
    const owner = newUserId();
    const chatId = await createGroup(db, owner, []);
    for (let index = 0; index < 20; index++) await postMessage(db, null, chatId, owner, `m${index}`);
    const [a, b] = await Promise.all([connect(owner), connect(owner)]);
    const sends = (async () => {
      for (let index = 0; index < 30; index++) await postMessage(db, bus, chatId, owner, `c${index}`);
    })();
    await Promise.all([a!.join(chatId, 0), b!.join(chatId, 5)]);
    await sends;
    await a!.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 50);
    await b!.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 50);
    expect(a!.seqs(chatId)).toEqual(expectedSeqs(1, 50));
    expect(b!.seqs(chatId)).toEqual(expectedSeqs(6, 50));
  });

  it.skipIf(!makeBus)(
    "joining a chat again confirms it, and with sinceSeq replays from there without duplicating live frames",
    async () => {
      const owner = newUserId();
      const chatId = await createGroup(db, owner, []);
      await seedMessages(db, chatId, owner, 5);
      const client = await connect(owner);
      await client.join(chatId);
      client.send({ type: "join_chat", chatId });
      await waitUntil(() => client.of("joined", chatId).length === 2);
      expect(client.of("joined", chatId)[1]).toMatchObject({ lastSeq: 5 });
      expect(client.of("joined", chatId)[1]).not.toHaveProperty("recovered");
      client.send({ type: "join_chat", chatId, sinceSeq: 3 });
      await postMessage(db, bus, chatId, owner, "live");
      await waitUntil(() => client.of("joined", chatId).length === 3);
      await client.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 6);
      await awaitSentinel(bus, chatId, [client]);
      expect(client.seqs(chatId)).toEqual([4, 5, 6]);
    },
  );

  it.skipIf(!makeBus)(
    "a gap larger than WS_REPLAY_LIMIT answers joined with recovered:false and replays nothing",
    async () => {
      const owner = newUserId();
      const chatId = await createGroup(db, owner, []);
      await db.sql`update chats set last_seq = 500 where id = ${chatId}`;
      const client = await connect(owner);
      const joined = await client.join(chatId, 10);
      expect(joined).toMatchObject({ type: "joined", lastSeq: 500, recovered: false });
      expect(client.of("new_message")).toEqual([]);
    },
  );

  it.skipIf(!makeBus)(
    "a message the bus lost or reordered is filled in from PostgreSQL before the next one",
    async () => {
      const owner = newUserId();
      const chatId = await createGroup(db, owner, []);
      const client = await connect(owner);
      await client.join(chatId);
      const lost = await postMessage(db, null, chatId, owner, "lost");
      const next = await postMessage(db, null, chatId, owner, "next");
      await publishFrame(bus, chatId, { type: "new_message", chatId, message: next });
      await publishFrame(bus, chatId, { type: "new_message", chatId, message: lost });
      await publishFrame(bus, chatId, { type: "new_message", chatId, message: next });
      await postMessage(db, bus, chatId, owner, "marker");
      await client.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 3);
      expect(client.seqs(chatId)).toEqual([1, 2, 3]);
    },
  );

  it.skipIf(!makeBus)(
    "/ws/chat/{chatId} joins that chat at connect, with sinceSeq from the query",
    async () => {
      const owner = newUserId();
      const chatId = await createGroup(db, owner, []);
      await postMessage(db, null, chatId, owner, "one");
      await postMessage(db, null, chatId, owner, "two");
      const client = await connect(owner, `/ws/chat/${chatId}`);
      await client.waitFor((frame) => frame.type === "joined");
      const replaying = await TestClient.connect(
        `${node.wsUrl(`/ws/chat/${chatId}`)}?sinceSeq=1&token=${await tokenFor(owner)}`,
      );
      clients.push(replaying);
      await replaying.waitFor((frame) => frame.type === "joined");
      expect(replaying.seqs(chatId)).toEqual([2]);
      expect(client.of("joined")[0]).toMatchObject({ lastSeq: 2 });
    },
  );

  it.skipIf(!makeBus)(
    "leave_chat stops delivery at once; leaving a chat not joined is NOT_JOINED",
    async () => {
      const owner = newUserId();
      const chatId = await createGroup(db, owner, []);
      const other = await createGroup(db, owner, []);
      const client = await connect(owner);
      await client.join(chatId);
      await client.join(other);
      client.send({ type: "leave_chat", chatId });
      client.send({ type: "leave_chat", chatId });
      await client.waitFor((frame) => frame.type === "error" && frame.code === "NOT_JOINED");
      await postMessage(db, bus, chatId, owner, "after leave");
      await postMessage(db, bus, other, owner, "marker");
      await client.waitFor((frame) => frame.type === "new_message" && frame.chatId === other);
      expect(client.of("new_message", chatId)).toEqual([]);
    },
  );

  it.skipIf(!makeBus)(
    "typing goes to the chat's other sockets, expires by itself after TYPING_TTL_MS, and a closing socket clears it",
    async () => {
      const alice = newUserId("alice");
      const bob = newUserId("bob");
      const chatId = await createGroup(db, alice, [bob]);
      const a = await connect(alice);
      const b = await connect(bob);
      await a.join(chatId);
      await b.join(chatId);
      a.send({ type: "typing", chatId, isTyping: true });
      await b.waitFor((frame) => frame.type === "typing" && frame.userId === alice && frame.isTyping);
      await b.waitFor((frame) => frame.type === "typing" && frame.userId === alice && !frame.isTyping);
      const expired = b.of("typing").filter((frame) => frame.userId === alice);
      expect(expired.map((frame) => frame.isTyping)).toEqual([true, false]);
      a.send({ type: "typing", chatId, isTyping: true });
      await waitUntil(() => b.of("typing").filter((frame) => frame.userId === alice).length === 3);
      a.close();
      await waitUntil(() => b.of("typing").filter((frame) => frame.userId === alice).length === 4);
      expect(b.of("typing").at(-1)).toMatchObject({ userId: alice, isTyping: false });
    },
  );

  it.skipIf(!makeBus)("typing in a chat not joined is NOT_JOINED and goes nowhere", async () => {
    const alice = newUserId();
    const chatId = await createGroup(db, alice, []);
    const a = await connect(alice);
    a.send({ type: "typing", chatId, isTyping: true });
    const error = await a.waitFor((frame) => frame.type === "error");
    expect(error).toMatchObject({ code: "NOT_JOINED", chatId });
  });

  it.skipIf(!makeBus)(
    "user_joined and user_left fire for a user's first and last socket in a chat, not per socket",
    async () => {
      const alice = newUserId("alice");
      const bob = newUserId("bob");
      const chatId = await createGroup(db, alice, [bob]);
      const watcher = await connect(bob);
      await watcher.join(chatId);
      const first = await connect(alice);
      const second = await connect(alice);
      await first.join(chatId);
      await watcher.waitFor((frame) => frame.type === "user_joined" && frame.userId === alice);
      await second.join(chatId);
      first.send({ type: "leave_chat", chatId });
      first.send({ type: "ping" });
      await first.waitFor((frame) => frame.type === "pong");
      await awaitSentinel(bus, chatId, [watcher]);
      expect(watcher.of("user_joined").filter((frame) => frame.userId === alice)).toHaveLength(1);
      expect(watcher.of("user_left").filter((frame) => frame.userId === alice)).toHaveLength(0);
      second.close();
      await watcher.waitFor((frame) => frame.type === "user_left" && frame.userId === alice);
      expect(watcher.of("user_left").filter((frame) => frame.userId === alice)).toHaveLength(1);
    },
  );

  it.skipIf(!makeBus)(
    "a room with more users on the node than WS_JOIN_LEAVE_MAX_USERS gets no user_joined or user_left, messages still flow",
    async () => {
      const small = await startTestNode({ db, bus, config: { WS_JOIN_LEAVE_MAX_USERS: 1 } });
      try {
        const alice = newUserId("alice");
        const bob = newUserId("bob");
        const chatId = await createGroup(db, alice, [bob]);
        const watcher = await TestClient.connect(`${small.wsUrl("/ws")}?token=${await tokenFor(bob)}`);
        clients.push(watcher);
        await watcher.join(chatId);
        const a = await TestClient.connect(`${small.wsUrl("/ws")}?token=${await tokenFor(alice)}`);
        await a.join(chatId);
        a.close();
        await waitUntil(async () => (await small.metric("chat_realtime_sockets_open")) === 1);
        await postMessage(db, bus, chatId, bob, "still here");
        await watcher.waitFor((frame) => frame.type === "new_message");
        expect(watcher.of("user_joined").filter((frame) => frame.userId === alice)).toHaveLength(0);
        expect(watcher.of("user_left").filter((frame) => frame.userId === alice)).toHaveLength(0);
      } finally {
        await small.handle.close();
      }
    },
  );

  it.skipIf(!makeBus)(
    "member_removed reaches the removed member and then that member's sockets get nothing more of the chat",
    async () => {
      const alice = newUserId("alice");
      const bob = newUserId("bob");
      const chatId = await createGroup(db, alice, [bob]);
      const lobby = await createGroup(db, bob, []);
      const a = await connect(alice);
      const b1 = await connect(bob);
      const b2 = await connect(bob);
      for (const client of [a, b1, b2]) await client.join(chatId);
      for (const client of [b1, b2]) await client.join(lobby);
      await db.sql`update chat_members set removed_at = now() where chat_id = ${chatId} and user_id = ${bob}`;
      await publishFrame(bus, chatId, { type: "member_removed", chatId, userId: bob });
      for (const client of [a, b1, b2]) await client.waitFor((frame) => frame.type === "member_removed");
      await postMessage(db, bus, chatId, alice, "after removal");
      await a.waitFor((frame) => frame.type === "new_message");
      await awaitSentinel(bus, lobby, [b1, b2]);
      expect(b1.of("new_message")).toEqual([]);
      expect(b2.of("new_message")).toEqual([]);
      b1.send({ type: "typing", chatId, isTyping: true });
      await b1.waitFor((frame) => frame.type === "error" && frame.code === "NOT_JOINED");
    },
  );

  it.skipIf(!makeBus)("every relayed frame type of the contract reaches joined sockets", async () => {
    const alice = newUserId("alice");
    const chatId = await createGroup(db, alice, []);
    const a = await connect(alice);
    await a.join(chatId);
    const message = await postMessage(db, bus, chatId, alice, "hello");
    const frames = [
      {
        type: "message_updated",
        chatId,
        message: { ...message, content: "edited", editedAt: message.createdAt },
      },
      { type: "message_deleted", chatId, message: { ...message, content: "", deletedAt: message.createdAt } },
      { type: "read", chatId, userId: alice, seq: 1 },
      {
        type: "member_added",
        chatId,
        member: {
          userId: "someone",
          role: "member",
          name: null,
          avatarUrl: null,
          joinedAt: message.createdAt,
          lastReadSeq: 0,
        },
      },
      { type: "chat_updated", chatId, title: "renamed" },
    ] as const;
    for (const frame of frames) await publishFrame(bus, chatId, frame as never);
    await a.waitFor((frame) => frame.type === "chat_updated");
    expect(a.frames.slice(-5).map((frame) => frame.type)).toEqual(frames.map((frame) => frame.type));
  });
});
