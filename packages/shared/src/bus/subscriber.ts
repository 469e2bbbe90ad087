import { type Cluster, Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger";
import { withTimeout } from "../timeout";

export interface SubscriberOptions {
  /** A redis:// URL, or host and port of one cluster master. */
  target: string | { host: string; port: number };
  /** Sharded pub/sub (SSUBSCRIBE, Redis 7 cluster) instead of classic SUBSCRIBE. */
  sharded: boolean;
  connectionName: string;
  heartbeatMs: number;
  logger?: Logger;
  /** Called after a reconnect once every channel is subscribed again. */
  onResubscribed: () => void;
}

export interface Subscriber {
  subscribe(channel: string, listener: (payload: string) => void): Promise<void>;
  unsubscribe(channel: string, listener: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

export const redisRetry = {
  maxRetriesPerRequest: 1,
  retryStrategy: (times: number) => Math.min(times * 100, 2000),
} satisfies RedisOptions;

/**
 * One subscriber connection. It is pinged, so a half-open socket is noticed in seconds rather than at TCP
 * keepalive's ~15 minutes; after any reconnect every channel is subscribed again and then onResubscribed
 * runs, so callers can resync what was missed.
 */
export function createSubscriber(options: SubscriberOptions): Subscriber {
  const redisOptions: RedisOptions = {
    ...redisRetry,
    lazyConnect: false,
    autoResubscribe: false,
    connectionName: options.connectionName,
  };
  const client =
    typeof options.target === "string"
      ? new Redis(options.target, redisOptions)
      : new Redis({ ...redisOptions, ...options.target });
  // SSUBSCRIBE takes only channels of one slot (else CROSSSLOT), so sharded channels go one per command.
  const command = options.sharded
    ? {
        on: (channels: string[]) => Promise.all(channels.map((channel) => client.ssubscribe(channel))),
        off: (channel: string) => client.sunsubscribe(channel),
      }
    : {
        on: (channels: string[]) => client.subscribe(...channels),
        off: (channel: string) => client.unsubscribe(channel),
      };
  const listeners = new Map<string, Set<(payload: string) => void>>();
  const pending = new Map<string, Promise<unknown>>();
  let everReady = false;

  client.on("error", (error) => options.logger?.warn({ err: error }, "redis subscriber error"));
  client.on(options.sharded ? "smessage" : "message", (channel: string, payload: string) => {
    const set = listeners.get(channel);
    if (!set) return;
    for (const listener of set) {
      try {
        listener(payload);
      } catch (error) {
        options.logger?.error({ err: error, channel }, "bus listener failed");
      }
    }
  });
  // Every ready subscribes all channels again: a SUBSCRIBE that failed before the first connection
  // would otherwise never be retried. Only a reconnect can have lost messages, so only it notifies.
  client.on("ready", () => {
    const reconnected = everReady;
    everReady = true;
    void resubscribeAll(reconnected);
  });

  async function resubscribeAll(reconnected: boolean) {
    const channels = [...listeners.keys()];
    try {
      if (channels.length) await command.on(channels);
    } catch (error) {
      options.logger?.warn({ err: error }, "resubscribe failed; reconnecting to retry");
      client.disconnect(true);
      return;
    }
    if (!reconnected) return;
    options.logger?.info({ channels: channels.length }, "bus resubscribed after reconnect");
    options.onResubscribed();
  }

  const heartbeat = setInterval(() => {
    if (client.status !== "ready") return;
    const timer = setTimeout(() => {
      options.logger?.warn("redis subscriber missed a heartbeat; reconnecting");
      client.disconnect(true);
    }, options.heartbeatMs);
    client.ping().then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
  }, options.heartbeatMs);
  heartbeat.unref();

  return {
    async subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(listener);
      // A second listener must not resolve before the first one's SUBSCRIBE is acknowledged.
      if (set.size === 1) {
        const subscribing = command.on([channel]);
        const settle = () => pending.get(channel) === subscribing && pending.delete(channel);
        pending.set(channel, subscribing);
        subscribing.then(settle, settle);
      }
      await pending.get(channel);
    },
    async unsubscribe(channel, listener) {
      const set = listeners.get(channel);
      if (!set) return;
      set.delete(listener);
      if (set.size > 0) return;
      listeners.delete(channel);
      pending.delete(channel);
      if (client.status === "ready") await command.off(channel);
    },
    async close() {
      clearInterval(heartbeat);
      listeners.clear();
      await quitOrDisconnect(client);
    },
  };
}

/** QUIT waits for a reply that a dead or half-open connection never sends; then the client is dropped. */
export async function quitOrDisconnect(client: Redis | Cluster, timeoutMs = 1000): Promise<void> {
  if (client.status !== "ready") {
    client.disconnect();
    return;
  }
  await withTimeout(client.quit(), timeoutMs, "redis quit").catch(() => {});
  client.disconnect();
}
