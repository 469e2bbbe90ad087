import { Redis } from "ioredis";
import type { Logger } from "../logger";
import { withTimeout } from "../timeout";
import type { Bus } from "./port";

export interface RedisBusOptions {
  url: string;
  logger?: Logger;
  /** How often the subscriber connection is pinged; a missed reply forces a reconnect. */
  heartbeatMs?: number;
  /** Prefix of the connection names shown by CLIENT LIST (`<name>-pub`, `<name>-sub`). */
  name?: string;
}

/**
 * Redis pub/sub behind the Bus port. Publishing never queues while disconnected (it fails at once, and
 * readers recover by seq). The subscriber connection is pinged, so a half-open socket is noticed in
 * seconds rather than at TCP keepalive's ~15 minutes; after any reconnect every channel is subscribed
 * again and then onResubscribed listeners run, so callers can resync what was missed.
 */
export function createRedisBus(options: RedisBusOptions): Bus {
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const common = {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
  };
  const publisher = new Redis(options.url, {
    ...common,
    enableOfflineQueue: false,
    connectionName: `${options.name ?? "chat-bus"}-pub`,
  });
  const subscriber = new Redis(options.url, {
    ...common,
    autoResubscribe: false,
    connectionName: `${options.name ?? "chat-bus"}-sub`,
  });
  const listeners = new Map<string, Set<(payload: string) => void>>();
  const pending = new Map<string, Promise<unknown>>();
  const resubscribed = new Set<() => void>();
  let everReady = false;
  let closed = false;

  publisher.on("error", (error) => options.logger?.warn({ err: error }, "redis publisher error"));
  subscriber.on("error", (error) => options.logger?.warn({ err: error }, "redis subscriber error"));
  subscriber.on("message", (channel: string, payload: string) => {
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
  subscriber.on("ready", () => {
    const reconnected = everReady;
    everReady = true;
    void resubscribeAll(reconnected);
  });

  async function resubscribeAll(reconnected: boolean) {
    const channels = [...listeners.keys()];
    try {
      if (channels.length) await subscriber.subscribe(...channels);
    } catch (error) {
      options.logger?.warn({ err: error }, "resubscribe failed; reconnecting to retry");
      subscriber.disconnect(true);
      return;
    }
    if (!reconnected) return;
    options.logger?.info({ channels: channels.length }, "bus resubscribed after reconnect");
    for (const listener of resubscribed) listener();
  }

  const heartbeat = setInterval(() => {
    if (subscriber.status !== "ready") return;
    const timer = setTimeout(() => {
      options.logger?.warn("redis subscriber missed a heartbeat; reconnecting");
      subscriber.disconnect(true);
    }, heartbeatMs);
    subscriber.ping().then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
  }, heartbeatMs);
  heartbeat.unref();

  return {
    async publish(channel, payload) {
      if (closed) throw new Error("bus closed");
      await publisher.publish(channel, payload);
    },
    async subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(listener);
      // A second listener must not resolve before the first one's SUBSCRIBE is acknowledged.
      if (set.size === 1) {
        const subscribing = subscriber.subscribe(channel);
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
      if (subscriber.status === "ready") await subscriber.unsubscribe(channel);
    },
    onResubscribed(listener) {
      resubscribed.add(listener);
    },
    async ping() {
      await publisher.ping();
    },
    async close() {
      closed = true;
      clearInterval(heartbeat);
      listeners.clear();
      await Promise.allSettled([quitOrDisconnect(publisher), quitOrDisconnect(subscriber)]);
    },
  };
}

/** QUIT waits for a reply that a dead or half-open connection never sends; then the client is dropped. */
async function quitOrDisconnect(client: Redis, timeoutMs = 1000): Promise<void> {
  if (client.status !== "ready") {
    client.disconnect();
    return;
  }
  await withTimeout(client.quit(), timeoutMs, "redis quit").catch(() => {});
  client.disconnect();
}
