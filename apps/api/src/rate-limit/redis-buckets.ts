import type { RedisStore } from "@chat/shared/redis";
import { Redis } from "ioredis";
import { resultOf, type TokenBuckets } from "./bucket";

/** Refill and take in one atomic step, on Redis's clock, so every api node shares one bucket per user. */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, tostring(tokens)}
`;

type RedisWithTake = RedisStore & {
  takeToken(key: string, rate: number, burst: number): Promise<[number, string]>;
};

export interface RedisBucketsOptions {
  /** A key store to share (one node or a cluster: the bucket is one key), or a URL to connect to (the
   * connection is then ours to close). */
  redis: RedisStore | string;
  keyPrefix?: string;
}

export function createRedisBuckets(options: RedisBucketsOptions): TokenBuckets {
  const owned = typeof options.redis === "string";
  const client = (
    typeof options.redis === "string"
      ? new Redis(options.redis, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectionName: "chat-api-ratelimit",
          retryStrategy: (times: number) => Math.min(times * 100, 2000),
        })
      : options.redis
  ) as RedisWithTake;
  if (owned) client.on("error", () => {});
  if (typeof client.takeToken !== "function")
    client.defineCommand("takeToken", { numberOfKeys: 1, lua: TAKE });
  const prefix = options.keyPrefix ?? "chat:ratelimit:";

  return {
    async take(key, policy) {
      const [allowed, tokens] = await client.takeToken(`${prefix}${key}`, policy.ratePerSec, policy.burst);
      return resultOf(policy, Number(tokens), allowed === 1);
    },
    async close() {
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}
