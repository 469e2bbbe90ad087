import { randomUUID } from "node:crypto";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { type Bus, createRedisBus } from "@chat/shared/bus";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  awaitSentinel,
  createGroup,
  killBusSubscriber,
  newUserId,
  postMessage,
  publishFrame,
  readyBus,
  startTestNode,
  TestClient,
  type TestNode,
  tokenFor,
} from "./testing/kit";

const redisUrl = await serviceUrl("redis");
const RECHECK_MS = 300;

/**
 * A removed member must never depend on one member_removed frame arriving: the bus is at-most-once.
 * Each test removes the membership in PostgreSQL without publishing anything, as a lost publish would.
 */
describe.skipIf(!redisUrl)("a removed member whose member_removed frame was lost, on the Redis bus", () => {
  let db: TestDatabase;
  let nodeBus: Bus;
  let apiBus: Bus;
  let admin: Redis;
  let node: TestNode;
  let slowRecheckNode: TestNode;
  const name = `rt-membership-${randomUUID()}`;
  const clients: TestClient[] = [];

  async function connect(target: TestNode, userId: string) {
    const client = await TestClient.connect(`${target.wsUrl()}?token=${await tokenFor(userId)}`);
    clients.push(client);
    return client;
  }

  /** Alice and Bob in a chat; Bob also in a lobby of his own, where sentinels prove what did not reach him. */
  async function removalScene(target: TestNode) {
    const alice = newUserId("alice");
    const bob = newUserId("bob");
    const chatId = await createGroup(db, alice, [bob]);
    const lobby = await createGroup(db, bob, []);
    const a = await connect(target, alice);
    const b = await connect(target, bob);
    await a.join(chatId);
    await b.join(chatId);
    await b.join(lobby);
    const removeBob = () =>
      db.sql`update chat_members set removed_at = now() where chat_id = ${chatId} and user_id = ${bob}`;
    return { alice, bob, chatId, lobby, a, b, removeBob };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    nodeBus = await readyBus(createRedisBus({ url: redisUrl!, name }));
    apiBus = await readyBus(createRedisBus({ url: redisUrl!, name: `${name}-api` }));
    admin = new Redis(redisUrl!);
    node = await startTestNode({ db, bus: nodeBus, config: { MEMBERSHIP_RECHECK_MS: RECHECK_MS } });
    slowRecheckNode = await startTestNode({ db, bus: nodeBus, config: { MEMBERSHIP_RECHECK_MS: 3_600_000 } });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await node.handle.close();
    await slowRecheckNode.handle.close();
    await Promise.all([nodeBus.close(), apiBus.close()]);
    admin.disconnect();
    await db.drop();
  });

  it("the periodic re-check evicts the member within MEMBERSHIP_RECHECK_MS, and nothing sent after reaches them", async () => {
    const { alice, bob, chatId, lobby, a, b, removeBob } = await removalScene(node);
    await removeBob();
    let sending = true;
    const sender = (async () => {
      while (sending) await postMessage(db, apiBus, chatId, alice, "still chatting");
    })();
    await b.waitFor((frame) => frame.type === "member_removed" && frame.userId === bob, 20 * RECHECK_MS);
    sending = false;
    await sender;
    const removedAt = b.frames.findIndex((frame) => frame.type === "member_removed");
    const after = await postMessage(db, apiBus, chatId, alice, "after the eviction");
    await a.waitFor((frame) => frame.type === "new_message" && frame.message.id === after.id);
    await awaitSentinel(apiBus, lobby, [b]);
    const chatFrames = b.frames.filter((frame) => "chatId" in frame && frame.chatId === chatId);
    expect(chatFrames.at(-1)).toMatchObject({ type: "member_removed", userId: bob });
    expect(b.frames.slice(removedAt + 1).filter((frame) => frame.type === "new_message")).toEqual([]);
    expect(a.of("member_removed", chatId)).toEqual([expect.objectContaining({ userId: bob })]);
  });

  it("a gap filled from PostgreSQL is not shown to a member removed meanwhile", async () => {
    const { alice, bob, chatId, lobby, a, b, removeBob } = await removalScene(slowRecheckNode);
    await removeBob();
    await postMessage(db, null, chatId, alice, "its publish was lost");
    await postMessage(db, apiBus, chatId, alice, "reveals the gap");
    await a.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 2);
    await awaitSentinel(apiBus, lobby, [b]);
    expect(a.seqs(chatId)).toEqual([1, 2]);
    expect(b.of("new_message", chatId)).toEqual([]);
    expect(b.of("member_removed", chatId)).toEqual([expect.objectContaining({ userId: bob })]);
  });

  it("after a Redis outage the resync evicts the removed member before it relays the gap", async () => {
    const { alice, bob, chatId, lobby, a, b, removeBob } = await removalScene(slowRecheckNode);
    await removeBob();
    for (let index = 0; index < 5; index++) await postMessage(db, null, chatId, alice, `lost ${index}`);
    const killed = await killBusSubscriber(admin, name);
    expect(killed).toBe(true);
    await a.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 5, 15_000);
    await awaitSentinel(apiBus, lobby, [b]);
    expect(a.seqs(chatId)).toEqual([1, 2, 3, 4, 5]);
    expect(b.of("new_message", chatId)).toEqual([]);
    expect(b.of("member_removed", chatId)).toEqual([expect.objectContaining({ userId: bob })]);
  });

  it("a sinceSeq join of a socket already in the chat re-checks membership before it replays", async () => {
    const { alice, bob, chatId, lobby, b, removeBob } = await removalScene(slowRecheckNode);
    await postMessage(db, null, chatId, alice, "history");
    await removeBob();
    b.send({ type: "join_chat", chatId, sinceSeq: 0 });
    await b.waitFor((frame) => frame.type === "member_removed" && frame.userId === bob);
    await publishFrame(apiBus, chatId, { type: "chat_updated", chatId, title: "not for bob" });
    await awaitSentinel(apiBus, lobby, [b]);
    expect(b.of("new_message", chatId)).toEqual([]);
    expect(b.of("joined", chatId)).toHaveLength(1);
    expect(b.of("chat_updated", chatId)).toEqual([]);
  });
});
