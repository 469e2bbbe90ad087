import type { Logger } from "../logger";
import { topicMatches } from "./backoff";
import { type DeliveryPolicy, decideDelivery, RetryWaits } from "./delivery";
import type { Binding, ConsumeOptions, EventQueue } from "./port";

export interface MemoryQueueOptions {
  /** Deliveries of one message before it is dead-lettered (RabbitMQ's x-delivery-limit). */
  deliveryLimit?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Unacknowledged deliveries per consumer at once. */
  prefetch?: number;
  logger?: Logger;
}

export interface DeadLetter {
  queue: string;
  exchange: string;
  routingKey: string;
  reason: string;
  attempts: number;
  body: Buffer;
}

export interface MemoryQueue extends EventQueue {
  /** Publishes bytes as they are, for tests of malformed input. */
  publishRaw(exchange: string, routingKey: string, body: Buffer): Promise<void>;
  deadLetters(): DeadLetter[];
}

interface Delivery {
  exchange: string;
  routingKey: string;
  body: Buffer;
  attempts: number;
}

interface LocalQueue {
  name: string;
  bindings: Binding[];
  ready: Delivery[];
  inFlight: Set<Promise<void>>;
  waits: RetryWaits;
  consumer: Pick<ConsumeOptions, "handle" | "onDeadLetter"> | null;
}

/**
 * The embedded adapter, with RabbitMQ's semantics: topic routing, at-least-once delivery, ack on
 * success, redelivery with back-off on failure, dead-lettering of poison messages at once and of
 * failing ones at the delivery limit (see decideDelivery). A retried message holds its prefetch slot
 * through its back-off and then goes back to the head of the queue, as a nack does on a quorum queue.
 * Messages routed to a queue without a consumer wait for one.
 */
export function createMemoryQueue(options: MemoryQueueOptions = {}): MemoryQueue {
  const policy: DeliveryPolicy = {
    deliveryLimit: options.deliveryLimit ?? 5,
    retryBaseMs: options.retryBaseMs ?? 200,
    retryMaxMs: options.retryMaxMs ?? 10_000,
  };
  const prefetch = options.prefetch ?? 32;
  const queues = new Map<string, LocalQueue>();
  const dead: DeadLetter[] = [];
  let closed = false;

  function route(exchange: string, routingKey: string, body: Buffer) {
    if (closed) throw new Error("queue closed");
    for (const queue of queues.values()) {
      const bound = queue.bindings.some(
        (binding) => binding.exchange === exchange && topicMatches(binding.routingKey, routingKey),
      );
      if (bound) queue.ready.push({ exchange, routingKey, body, attempts: 0 });
    }
    setImmediate(() => {
      for (const queue of queues.values()) pump(queue);
    });
  }

  function pump(queue: LocalQueue) {
    while (!closed && queue.consumer && queue.inFlight.size < prefetch && queue.ready.length > 0) {
      const delivery = queue.ready.shift() as Delivery;
      const running = deliver(queue, queue.consumer, delivery).finally(() => {
        queue.inFlight.delete(running);
        pump(queue);
      });
      queue.inFlight.add(running);
    }
  }

  async function deliver(
    queue: LocalQueue,
    { handle, onDeadLetter }: Pick<ConsumeOptions, "handle" | "onDeadLetter">,
    delivery: Delivery,
  ) {
    delivery.attempts += 1;
    const decision = await decideDelivery(handle, delivery.body, delivery.attempts, policy);
    if (decision.action === "dead-letter") {
      const { reason } = decision;
      dead.push({ queue: queue.name, ...delivery, reason });
      options.logger?.warn({ queue: queue.name, routingKey: delivery.routingKey, reason }, "dead-lettered");
      onDeadLetter?.(reason);
    } else if (decision.action === "retry") {
      options.logger?.warn(
        { queue: queue.name, attempt: delivery.attempts, err: decision.reason },
        "handler failed; retrying with back-off",
      );
      await queue.waits.wait(decision.delayMs);
      queue.ready.unshift(delivery);
    }
  }

  return {
    async declareExchanges() {},
    async publish(exchange, routingKey, event) {
      route(exchange, routingKey, Buffer.from(JSON.stringify(event)));
    },
    async publishRaw(exchange, routingKey, body) {
      route(exchange, routingKey, body);
    },
    async consume({ queue: name, bindings, handle, onDeadLetter }) {
      let queue = queues.get(name);
      if (!queue) {
        queue = {
          name,
          bindings: [],
          ready: [],
          inFlight: new Set(),
          waits: new RetryWaits(),
          consumer: null,
        };
        queues.set(name, queue);
      }
      const target = queue;
      target.bindings.push(...bindings);
      target.consumer = { handle, onDeadLetter };
      pump(target);
      return {
        async cancel() {
          target.consumer = null;
          target.waits.wakeAll();
          await Promise.allSettled([...target.inFlight]);
        },
      };
    },
    deadLetters: () => [...dead],
    async ping() {
      if (closed) throw new Error("queue closed");
    },
    async close() {
      closed = true;
      for (const queue of queues.values()) queue.waits.wakeAll();
      await Promise.allSettled([...queues.values()].flatMap((queue) => [...queue.inFlight]));
    },
  };
}
