import type { Destination } from "@chat/db/queries";
import type { Binding } from "@chat/shared/queue";
import type { WorkerConfig } from "./config";

export interface ConsumerQueue {
  name: "users" | "orders" | "notifications";
  queue: string;
  bindings: Binding[];
}

/**
 * Our part of the RabbitMQ topology, from config. Inbound topic exchanges are the other services';
 * outbound ones are ours; every consumer queue is a durable quorum queue (declared by the queue adapter
 * with the delivery limit and dead-letter settings), and all of them share one dead-letter queue.
 */
/** The names a topology is built from: enough for a test to delete what a run declared. */
export type TopologyNames = Pick<
  WorkerConfig,
  | "AMQP_QUEUE_PREFIX"
  | "AMQP_EXCHANGE_USERS"
  | "AMQP_EXCHANGE_MARKETPLACE"
  | "AMQP_EXCHANGE_CHAT"
  | "AMQP_EXCHANGE_NOTIFICATIONS"
>;

export function topologyOf(config: TopologyNames) {
  const prefix = config.AMQP_QUEUE_PREFIX;
  const outbound: Record<Destination, string> = {
    chat: config.AMQP_EXCHANGE_CHAT,
    notifications: config.AMQP_EXCHANGE_NOTIFICATIONS,
  };
  const consumers: ConsumerQueue[] = [
    {
      name: "users",
      queue: `${prefix}.users`,
      bindings: [{ exchange: config.AMQP_EXCHANGE_USERS, routingKey: "user.*" }],
    },
    {
      name: "orders",
      queue: `${prefix}.orders`,
      bindings: [{ exchange: config.AMQP_EXCHANGE_MARKETPLACE, routingKey: "order.*" }],
    },
    {
      name: "notifications",
      queue: `${prefix}.notifications`,
      bindings: [{ exchange: config.AMQP_EXCHANGE_CHAT, routingKey: "chat.message.created" }],
    },
  ];
  return {
    exchanges: [
      config.AMQP_EXCHANGE_USERS,
      config.AMQP_EXCHANGE_MARKETPLACE,
      config.AMQP_EXCHANGE_CHAT,
      config.AMQP_EXCHANGE_NOTIFICATIONS,
    ],
    outbound,
    consumers,
    deadLetterExchange: `${prefix}.dead-letter`,
    deadLetterQueue: `${prefix}.dead-letter`,
  };
}
export type Topology = ReturnType<typeof topologyOf>;
