import { removeQueuesAndExchanges } from "@chat/shared/testing";
import { type TopologyNames, topologyOf } from "@chat/worker/broker";

/** Queue and exchange names of one test run, so runs never share broker state. */
export function brokerNames(kind: string, suffix: string): TopologyNames {
  return {
    AMQP_QUEUE_PREFIX: `chat-${kind}-${suffix}`,
    AMQP_EXCHANGE_USERS: `${kind}-users-${suffix}`,
    AMQP_EXCHANGE_MARKETPLACE: `${kind}-marketplace-${suffix}`,
    AMQP_EXCHANGE_CHAT: `${kind}-chat-${suffix}`,
    AMQP_EXCHANGE_NOTIFICATIONS: `${kind}-notifications-${suffix}`,
  };
}

/** Deletes every queue and exchange the worker declared under these names. */
export async function removeBrokerNames(url: string, names: TopologyNames): Promise<void> {
  const topology = topologyOf(names);
  await removeQueuesAndExchanges(url, {
    queues: [...topology.consumers.map((consumer) => consumer.queue), topology.deadLetterQueue],
    exchanges: [topology.deadLetterExchange, ...topology.exchanges],
  });
}
