import type { Logger } from "../logger";
import { createRedisClusterBus } from "./cluster";
import type { Bus } from "./port";
import { createRedisBus } from "./redis";

/** The configured Redis bus: sharded pub/sub on Redis Cluster when nodes are given, else single-node pub/sub. */
export function createConfiguredRedisBus(options: {
  url: string;
  clusterNodes: string[];
  logger?: Logger;
}): Bus {
  if (options.clusterNodes.length) {
    return createRedisClusterBus({ nodes: options.clusterNodes, logger: options.logger });
  }
  return createRedisBus({ url: options.url, logger: options.logger });
}
