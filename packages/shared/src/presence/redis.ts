import { createRedisStore } from "../redis/store";
import { withTimeout } from "../timeout";
import type { Presence } from "./port";

const key = (userId: string) => `presence:${userId}`;

export interface RedisPresenceOptions {
  url: string;
  /** A Redis Cluster's seeds; the presence keys then spread over its masters. */
  clusterNodes?: string[];
  nodeId: string;
  ttlMs?: number;
}

/**
 * Presence in Redis: a hash per user of node id → expiry, with a key TTL as the backstop. A node that
 * dies stops refreshing and its marks lapse; another node's mark keeps the user online. Each command
 * names one key, so it works the same on one node and on a cluster.
 */
export function createRedisPresence(options: RedisPresenceOptions): Presence {
  const ttlMs = options.ttlMs ?? 60_000;
  const redis = createRedisStore({
    url: options.url,
    clusterNodes: options.clusterNodes ?? [],
    connectionName: "chat-presence",
    redisOptions: { maxRetriesPerRequest: 2 },
  });
  return {
    async touch(userIds) {
      const until = String(Date.now() + ttlMs);
      await Promise.all(
        userIds.flatMap((id) => [redis.hset(key(id), options.nodeId, until), redis.pexpire(key(id), ttlMs)]),
      );
    },
    async clear(userId) {
      await redis.hdel(key(userId), options.nodeId);
    },
    async online(userIds) {
      const marks = await Promise.all(userIds.map((id) => redis.hvals(key(id))));
      const now = Date.now();
      return new Set(userIds.filter((_, index) => marks[index]?.some((until) => Number(until) > now)));
    },
    async close() {
      // QUIT never answers on a dead or half-open connection; don't let shutdown wait for it.
      await withTimeout(redis.quit(), 1000, "redis quit").catch(() => {});
      redis.disconnect();
    },
  };
}
