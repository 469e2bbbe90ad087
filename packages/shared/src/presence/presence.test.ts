import { randomUUID } from "node:crypto";
import calculateSlot from "cluster-key-slot";
import { afterAll, describe, expect, it } from "vitest";
import { startTestRedisCluster } from "../testing/redis-cluster";
import { serviceUrl } from "../testing/services";
import { createMemoryPresence } from "./memory";
import type { Presence } from "./port";
import { createRedisPresence } from "./redis";

const redisUrl = await serviceUrl("redis");
const cluster = await startTestRedisCluster();
afterAll(async () => {
  await cluster?.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Factory = (nodeId: string, ttlMs: number) => Presence;

const adapters: [string, Factory | null][] = [
  ["memory", (_nodeId, ttlMs) => createMemoryPresence({ ttlMs })],
  ["redis", redisUrl ? (nodeId, ttlMs) => createRedisPresence({ url: redisUrl, nodeId, ttlMs }) : null],
  [
    "redis cluster",
    cluster
      ? (nodeId, ttlMs) =>
          createRedisPresence({ url: "redis://unused", clusterNodes: cluster.nodes, nodeId, ttlMs })
      : null,
  ],
];

describe.each(adapters)("%s presence", (_name, make) => {
  const opened: Presence[] = [];
  function open(nodeId: string, ttlMs = 60_000): Presence {
    const presence = make!(nodeId, ttlMs);
    opened.push(presence);
    return presence;
  }
  afterAll(async () => {
    await Promise.all(opened.map((presence) => presence.close()));
  });

  it.skipIf(!make)("reports touched users online and cleared users offline", async () => {
    const presence = open(`node-${randomUUID()}`);
    const [alice, bob] = [`alice-${randomUUID()}`, `bob-${randomUUID()}`];
    await presence.touch([alice, bob]);
    expect(await presence.online([alice, bob, "nobody"])).toEqual(new Set([alice, bob]));
    await presence.clear(alice);
    expect(await presence.online([alice, bob])).toEqual(new Set([bob]));
  });

  it.skipIf(!make)("lets a mark lapse when it is not refreshed within the TTL", async () => {
    const presence = open(`node-${randomUUID()}`, 300);
    const user = `ttl-${randomUUID()}`;
    await presence.touch([user]);
    expect((await presence.online([user])).has(user)).toBe(true);
    await sleep(450);
    expect((await presence.online([user])).has(user)).toBe(false);
  });
});

describe.skipIf(!redisUrl)("redis presence across nodes", () => {
  it("keeps a user online while another node still marks them, after this node cleared its mark", async () => {
    const a = createRedisPresence({ url: redisUrl!, nodeId: `a-${randomUUID()}` });
    const b = createRedisPresence({ url: redisUrl!, nodeId: `b-${randomUUID()}` });
    try {
      const user = `multi-${randomUUID()}`;
      await a.touch([user]);
      await b.touch([user]);
      await a.clear(user);
      expect((await b.online([user])).has(user)).toBe(true);
      await b.clear(user);
      expect((await a.online([user])).has(user)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe.skipIf(!cluster)("redis presence on a cluster", () => {
  it("answers for users whose keys live on different masters, in one call", async () => {
    const presence = createRedisPresence({
      url: "redis://unused",
      clusterNodes: cluster!.nodes,
      nodeId: `c-${randomUUID()}`,
    });
    try {
      const users = Array.from({ length: 40 }, () => `spread-${randomUUID()}`);
      const slots = new Set(users.map((user) => calculateSlot(`presence:${user}`) > 5460));
      expect(slots.size).toBe(2);
      await presence.touch(users.slice(0, 30));
      expect(await presence.online(users)).toEqual(new Set(users.slice(0, 30)));
    } finally {
      await presence.close();
    }
  });
});
