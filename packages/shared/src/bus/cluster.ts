import calculateSlot from "cluster-key-slot";
import { Cluster } from "ioredis";
import type { Logger } from "../logger";
import type { Bus } from "./port";
import { createSubscriber, quitOrDisconnect, redisRetry, type Subscriber } from "./subscriber";

export interface RedisClusterBusOptions {
  /** Seed nodes as host:port; the rest of the cluster is discovered from them. */
  nodes: string[];
  logger?: Logger;
  /** How often each subscriber connection is pinged; a missed reply forces a reconnect. */
  heartbeatMs?: number;
  /** Prefix of the connection names shown by CLIENT LIST (`<name>-pub`, `<name>-sub`). */
  name?: string;
}

/**
 * Redis Cluster sharded pub/sub (SPUBLISH/SSUBSCRIBE) behind the Bus port. A channel hashes to a slot and
 * lives only on that slot's master, so fan-out spreads over the masters instead of every node carrying
 * every message. We keep one subscriber connection per master ourselves, rather than ioredis's sharded
 * subscribers, so each keeps the single-node adapter's heartbeat, resubscribe and onResubscribed.
 */
export function createRedisClusterBus(options: RedisClusterBusOptions): Bus {
  const name = options.name ?? "chat-bus";
  const publisher = new Cluster(options.nodes.map(parseNode), {
    enableOfflineQueue: false,
    clusterRetryStrategy: redisRetry.retryStrategy,
    redisOptions: { ...redisRetry, connectionName: `${name}-pub` },
  });
  const subscribers = new Map<string, Subscriber>();
  const routes = new Map<string, Subscriber>();
  const resubscribed = new Set<() => void>();
  let waitingForReady: Promise<void> | null = null;
  let closed = false;

  publisher.on("error", (error) => options.logger?.warn({ err: error }, "redis cluster publisher error"));

  /** The subscriber of the master that owns the channel's slot, once the slot map is known. */
  async function route(channel: string): Promise<Subscriber> {
    const known = routes.get(channel);
    if (known) return known;
    if (publisher.status !== "ready") {
      // One waiter for every subscribe made before the slot map is known, not one listener each.
      waitingForReady ??= once(publisher, "ready").finally(() => {
        waitingForReady = null;
      });
      await waitingForReady;
    }
    const master = publisher.slots[calculateSlot(channel)]?.[0];
    if (!master) throw new Error(`no master serves the slot of ${channel}`);
    let subscriber = subscribers.get(master);
    if (!subscriber) {
      subscriber = createSubscriber({
        target: parseNode(master),
        sharded: true,
        connectionName: `${name}-sub`,
        heartbeatMs: options.heartbeatMs ?? 5000,
        logger: options.logger?.child({ master }),
        onResubscribed: () => {
          for (const listener of resubscribed) listener();
        },
      });
      subscribers.set(master, subscriber);
    }
    routes.set(channel, subscriber);
    return subscriber;
  }

  return {
    async publish(channel, payload) {
      if (closed) throw new Error("bus closed");
      await publisher.spublish(channel, payload);
    },
    async subscribe(channel, listener) {
      if (closed) throw new Error("bus closed");
      await (await route(channel)).subscribe(channel, listener);
    },
    async unsubscribe(channel, listener) {
      await routes.get(channel)?.unsubscribe(channel, listener);
    },
    onResubscribed(listener) {
      resubscribed.add(listener);
    },
    async ping() {
      if (closed) throw new Error("bus closed");
      await publisher.ping();
    },
    async close() {
      closed = true;
      const closing = [...subscribers.values()].map((subscriber) => subscriber.close());
      subscribers.clear();
      routes.clear();
      await Promise.allSettled([quitOrDisconnect(publisher), ...closing]);
    },
  };
}

export function parseNode(node: string): { host: string; port: number } {
  const at = node.lastIndexOf(":");
  return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
}

/** Resolves on the event, rejects if the cluster ends first (closed, or gave up reconnecting). */
function once(cluster: Cluster, event: "ready"): Promise<void> {
  return new Promise((resolve, reject) => {
    const onEvent = () => {
      cluster.off("end", onEnd);
      resolve();
    };
    const onEnd = () => {
      cluster.off(event, onEvent);
      reject(new Error("redis cluster connection ended"));
    };
    cluster.once(event, onEvent);
    cluster.once("end", onEnd);
  });
}
