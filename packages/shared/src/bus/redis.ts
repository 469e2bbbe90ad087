import { Redis } from "ioredis";
import type { Logger } from "../logger";
import type { Bus } from "./port";
import { createSubscriber, quitOrDisconnect, redisRetry } from "./subscriber";

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
 * readers recover by seq); the subscriber connection's heartbeat and resubscribe live in subscriber.ts.
 */
export function createRedisBus(options: RedisBusOptions): Bus {
  const name = options.name ?? "chat-bus";
  const publisher = new Redis(options.url, {
    ...redisRetry,
    lazyConnect: false,
    enableOfflineQueue: false,
    connectionName: `${name}-pub`,
  });
  const resubscribed = new Set<() => void>();
  const subscriber = createSubscriber({
    target: options.url,
    sharded: false,
    connectionName: `${name}-sub`,
    heartbeatMs: options.heartbeatMs ?? 5000,
    logger: options.logger,
    onResubscribed: () => {
      for (const listener of resubscribed) listener();
    },
  });
  let closed = false;

  publisher.on("error", (error) => options.logger?.warn({ err: error }, "redis publisher error"));

  return {
    async publish(channel, payload) {
      if (closed) throw new Error("bus closed");
      await publisher.publish(channel, payload);
    },
    subscribe: (channel, listener) => subscriber.subscribe(channel, listener),
    unsubscribe: (channel, listener) => subscriber.unsubscribe(channel, listener),
    onResubscribed(listener) {
      resubscribed.add(listener);
    },
    async ping() {
      await publisher.ping();
    },
    async close() {
      closed = true;
      await Promise.allSettled([quitOrDisconnect(publisher), subscriber.close()]);
    },
  };
}
