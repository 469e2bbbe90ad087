import { Cluster, Redis, type RedisOptions } from "ioredis";
import { parseNode } from "../bus/cluster";

/** A Redis connection for keys (presence, rate limits): one node, or a Redis Cluster routed by key slot. */
export type RedisStore = Redis | Cluster;

export interface RedisStoreOptions {
  url: string;
  /** host:port seeds of a Redis Cluster; when given, keys live on the cluster and `url` is not used. */
  clusterNodes: string[];
  connectionName: string;
  /** Passed to every node's connection (retry, offline queue). */
  redisOptions?: RedisOptions;
}

/**
 * The configured key store. Commands are auto-pipelined: on one node that is one write per tick, on a
 * cluster one write per master per tick, so callers issue single-key commands and never pipeline keys of
 * different slots by hand (a cluster refuses that).
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const redisOptions: RedisOptions = { ...options.redisOptions, connectionName: options.connectionName };
  const store = options.clusterNodes.length
    ? new Cluster(options.clusterNodes.map(parseNode), { enableAutoPipelining: true, redisOptions })
    : new Redis(options.url, { ...redisOptions, enableAutoPipelining: true });
  store.on("error", () => {});
  return store;
}
