import { randomUUID } from "node:crypto";
import { createRedisStore } from "@chat/shared/redis";
import { serviceUrl, startTestRedisCluster } from "@chat/shared/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisBuckets } from "./redis-buckets";

const redisUrl = await serviceUrl("redis");
const cluster = await startTestRedisCluster();
afterAll(async () => {
  await cluster?.dispose();
});

const stores: [string, { url: string; clusterNodes: string[] } | null][] = [
  ["one Redis", redisUrl ? { url: redisUrl, clusterNodes: [] } : null],
  ["a Redis Cluster", cluster ? { url: "redis://unused", clusterNodes: cluster.nodes } : null],
];

describe.each(stores)("token buckets on %s", (_name, config) => {
  it.skipIf(!config)("two api nodes share each user's bucket, whichever master holds its key", async () => {
    const nodes = [0, 1].map(() => createRedisStore({ ...config!, connectionName: "bucket-test" }));
    const prefix = `test:${randomUUID()}:`;
    const [onA, onB] = nodes.map((redis) => createRedisBuckets({ redis, keyPrefix: prefix }));
    try {
      const policy = { ratePerSec: 0.001, burst: 3 };
      for (const user of Array.from({ length: 12 }, () => `user-${randomUUID()}`)) {
        const taken = [
          await onA!.take(user, policy),
          await onB!.take(user, policy),
          await onA!.take(user, policy),
          await onB!.take(user, policy),
        ];
        expect(taken.map((result) => result.allowed)).toEqual([true, true, true, false]);
      }
    } finally {
      await Promise.all([onA, onB].map((buckets) => buckets?.close()));
      for (const redis of nodes) redis.disconnect();
    }
  });
});
