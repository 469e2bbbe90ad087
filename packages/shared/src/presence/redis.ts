import { Redis } from "ioredis";
import { withTimeout } from "../timeout";
import type { Presence } from "./port";

const key = (userId: string) => `presence:${userId}`;

/**
 * Presence in Redis: a hash per user of node id → expiry, with a key TTL as the backstop. A node that
 * dies stops refreshing and its marks lapse; another node's mark keeps the user online.
 */
export function createRedisPresence(options: { url: string; nodeId: string; ttlMs?: number }): Presence {
  const ttlMs = options.ttlMs ?? 60_000;
  const redis = new Redis(options.url, { maxRetriesPerRequest: 2, connectionName: "chat-presence" });
  redis.on("error", () => {});
  return {
    async touch(userIds) {
      if (userIds.length === 0) return;
      const until = String(Date.now() + ttlMs);
      const pipeline = redis.pipeline();
      for (const id of userIds) {
        pipeline.hset(key(id), options.nodeId, until);
        pipeline.pexpire(key(id), ttlMs);
      }
      await pipeline.exec();
    },
    async clear(userId) {
      await redis.hdel(key(userId), options.nodeId);
    },
    async online(userIds) {
      if (userIds.length === 0) return new Set();
      const pipeline = redis.pipeline();
      for (const id of userIds) pipeline.hvals(key(id));
      const results = (await pipeline.exec()) ?? [];
      const now = Date.now();
      const online = new Set<string>();
      results.forEach(([error, values], index) => {
        const id = userIds[index];
        if (!error && id && (values as string[]).some((until) => Number(until) > now)) online.add(id);
      });
      return online;
    },
    async close() {
      // QUIT never answers on a dead or half-open connection; don't let shutdown wait for it.
      await withTimeout(redis.quit(), 1000, "redis quit").catch(() => {});
      redis.disconnect();
    },
  };
}
