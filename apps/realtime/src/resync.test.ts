import { randomUUID } from "node:crypto";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { type Bus, createRedisBus } from "@chat/shared/bus";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awaitSentinel,
  createGroup,
  expectedSeqs,
  killBusSubscriber,
  newUserId,
  postMessage,
  readyBus,
  sleep,
  startTestNode,
  TestClient,
  type TestNode,
  tokenFor,
  waitUntil,
} from "./testing/kit";

const redisUrl = await serviceUrl("redis");

describe.skipIf(!redisUrl)("the node's Redis subscriber connection is killed mid-stream", () => {
  let db: TestDatabase;
  let nodeBus: Bus;
  let apiBus: Bus;
  let admin: Redis;
  let node: TestNode;
  const name = `rt-resync-${randomUUID()}`;
  const clients: TestClient[] = [];

  const killSubscriber = () => killBusSubscriber(admin, name);

  beforeAll(async () => {
    db = await createTestDatabase();
    nodeBus = await readyBus(createRedisBus({ url: redisUrl!, name }));
    apiBus = await readyBus(createRedisBus({ url: redisUrl!, name: `${name}-api` }));
    admin = new Redis(redisUrl!);
    node = await startTestNode({ db, bus: nodeBus });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await node.handle.close();
    await Promise.all([nodeBus.close(), apiBus.close()]);
    admin.disconnect();
    await db.drop();
  });

  it("every client ends with every message in order, no gap and no duplicate, across repeated kills", async () => {
    const alice = newUserId("alice");
    const bob = newUserId("bob");
    const chatId = await createGroup(db, alice, [bob]);
    const quiet = await createGroup(db, alice, [bob]);
    for (const user of [alice, bob, bob]) {
      const client = await TestClient.connect(`${node.wsUrl()}?token=${await tokenFor(user)}`);
      clients.push(client);
      await client.join(chatId);
      await client.join(quiet);
    }
    const total = 300;
    let kills = 0;
    const sender = (async () => {
      for (let index = 0; index < total; index++) {
        await postMessage(db, apiBus, chatId, index % 2 ? alice : bob, `m${index}`);
        if (index % 3 === 0) await sleep(1);
      }
    })();
    const killer = (async () => {
      for (let round = 0; round < 3; round++) {
        await sleep(150);
        // Under load the previous kill's reconnect may still be under way: kill once the connection is back.
        await waitUntil(() => killSubscriber());
        kills += 1;
      }
    })();
    await Promise.all([sender, killer]);
    expect(kills).toBe(3);
    await waitUntil(async () => (await node.metric("chat_realtime_bus_resyncs_total")) >= 1, 15_000);
    for (const client of clients) {
      await client.waitFor((frame) => frame.type === "new_message" && frame.message.seq === total, 20_000);
    }
    await awaitSentinel(apiBus, chatId, clients);
    for (const client of clients) expect(client.seqs(chatId)).toEqual(expectedSeqs(1, total));
    const last = await postMessage(db, apiBus, quiet, alice, "still live after the kills");
    for (const client of clients) {
      await client.waitFor((frame) => frame.type === "new_message" && frame.message.id === last.id);
    }
  }, 60_000);

  it("a message whose publish was lost is delivered by the resync from PostgreSQL, with no later message to reveal the gap", async () => {
    const alice = newUserId("alice");
    const chatId = await createGroup(db, alice, []);
    const client = await TestClient.connect(`${node.wsUrl()}?token=${await tokenFor(alice)}`);
    clients.push(client);
    await client.join(chatId);
    const resyncs = await node.metric("chat_realtime_bus_resyncs_total");
    await postMessage(db, null, chatId, alice, "committed, its publish lost");
    expect(await killSubscriber()).toBe(true);
    await waitUntil(async () => (await node.metric("chat_realtime_bus_resyncs_total")) > resyncs, 15_000);
    await client.waitFor((frame) => frame.type === "new_message" && frame.message.seq === 1);
    expect(client.seqs(chatId)).toEqual([1]);
  });

  it("a removal or a ban whose bus frame was lost is enforced by the resync from PostgreSQL", async () => {
    const alice = newUserId("alice");
    const bob = newUserId("bob");
    const mallory = newUserId("mallory");
    const chatId = await createGroup(db, alice, [bob, mallory]);
    const lobby = await createGroup(db, bob, []);
    const a = await TestClient.connect(`${node.wsUrl()}?token=${await tokenFor(alice)}`);
    const b = await TestClient.connect(`${node.wsUrl()}?token=${await tokenFor(bob)}`);
    const m = await TestClient.connect(`${node.wsUrl()}?token=${await tokenFor(mallory)}`);
    clients.push(a, b, m);
    for (const client of [a, b, m]) await client.join(chatId);
    await b.join(lobby);
    await db.sql`update chat_members set removed_at = now() where chat_id = ${chatId} and user_id = ${bob}`;
    await db.sql`update users set banned_at = now() where id = ${mallory}`;
    expect(await killSubscriber()).toBe(true);
    await b.waitFor((frame) => frame.type === "member_removed" && frame.userId === bob, 15_000);
    expect((await m.waitClosed(15_000)).code).toBe(4003);
    await postMessage(db, apiBus, chatId, alice, "after the outage");
    await a.waitFor((frame) => frame.type === "new_message" && frame.chatId === chatId);
    await awaitSentinel(apiBus, lobby, [b]);
    expect(b.of("new_message", chatId)).toEqual([]);
    expect(a.closed).toBeNull();
  });
});
