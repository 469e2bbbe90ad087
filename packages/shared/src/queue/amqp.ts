import amqp, { type ChannelWrapper } from "amqp-connection-manager";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import type { Logger } from "../logger";
import { errorText } from "./backoff";
import { type DeliveryPolicy, decideDelivery, RetryWaits } from "./delivery";
import { type ConsumeOptions, DEAD_REASON_HEADER, type EventQueue } from "./port";

export interface AmqpQueueOptions {
  url: string;
  /** Where poison messages and messages over the delivery limit go (a topic exchange bound with `#`). */
  deadLetterExchange: string;
  deadLetterQueue: string;
  /** x-delivery-limit of every consumer queue: RabbitMQ 3.10 has no default, so it is always explicit. */
  deliveryLimit: number;
  prefetch: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A publish not confirmed in time rejects (it may still arrive: the caller must tolerate duplicates). */
  publishTimeoutMs?: number;
  connectionName?: string;
  logger?: Logger;
}

export interface AmqpQueue extends EventQueue {
  isConnected(): boolean;
}

const CONTENT_TYPE = "application/cloudevents+json";

/**
 * RabbitMQ behind the EventQueue port, on amqp-connection-manager: it reconnects and re-runs every
 * setup function (topology, consumers), so the topology is declared wherever a channel is created.
 * Consumers ack on the raw channel that delivered the message, never on a newer one, which would fail
 * with "unknown delivery tag" and close it. A channel the broker closes while the connection lives would
 * never come back in the wrapper, so that forces a reconnect.
 */
export function createAmqpQueue(options: AmqpQueueOptions): AmqpQueue {
  const logger = options.logger;
  const policy: DeliveryPolicy = {
    deliveryLimit: options.deliveryLimit,
    retryBaseMs: options.retryBaseMs ?? 1000,
    retryMaxMs: options.retryMaxMs ?? 30_000,
  };
  const publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
  const manager = amqp.connect([options.url], {
    heartbeatIntervalInSeconds: 5,
    reconnectTimeInSeconds: 1,
    connectionOptions: {
      // Confirms and acks are small frames: without this, Nagle's algorithm holds each one back.
      noDelay: true,
      clientProperties: { connection_name: options.connectionName ?? "chat-svc" },
    },
  });
  const exchanges = new Set<string>();
  const wrappers = new Set<ChannelWrapper>();
  const latestChannel = new Map<string, Channel>();
  const consumerWaits = new Set<RetryWaits>();
  let closing = false;

  manager.on("connect", () => logger?.info("amqp connected"));
  manager.on("disconnect", ({ err }) => logger?.warn({ err: errorText(err) }, "amqp disconnected"));
  manager.on("connectFailed", ({ err }) => logger?.warn({ err: errorText(err) }, "amqp connect failed"));

  function watchChannel(name: string, channel: Channel) {
    latestChannel.set(name, channel);
    channel.on("error", (error: unknown) =>
      logger?.warn({ err: errorText(error), name }, "amqp channel error"),
    );
    channel.on("close", () => {
      const timer = setTimeout(() => {
        if (closing || latestChannel.get(name) !== channel || !manager.isConnected()) return;
        logger?.warn({ name }, "amqp channel closed on a live connection; reconnecting");
        manager.reconnect();
      }, 1000);
      timer.unref();
    });
  }

  async function declareDeadLetter(channel: Channel) {
    await channel.assertExchange(options.deadLetterExchange, "topic", { durable: true });
    await channel.assertQueue(options.deadLetterQueue, {
      durable: true,
      arguments: { "x-queue-type": "quorum" },
    });
    await channel.bindQueue(options.deadLetterQueue, options.deadLetterExchange, "#");
  }

  const publisher = manager.createChannel({
    name: "publisher",
    confirm: true,
    publishTimeout: publishTimeoutMs,
    setup: async (channel: ConfirmChannel) => {
      watchChannel("publisher", channel);
      await declareDeadLetter(channel);
      for (const exchange of exchanges) await channel.assertExchange(exchange, "topic", { durable: true });
    },
  });
  publisher.on("error", (error) => logger?.warn({ err: errorText(error) }, "amqp publisher setup failed"));
  wrappers.add(publisher);

  async function declareExchanges(names: string[]) {
    const missing = names.filter((name) => !exchanges.has(name));
    if (missing.length === 0) return;
    for (const name of missing) exchanges.add(name);
    await publisher.addSetup(async (channel: Channel) => {
      for (const name of missing) await channel.assertExchange(name, "topic", { durable: true });
    });
  }

  async function publishConfirmed(
    exchange: string,
    routingKey: string,
    body: Buffer,
    properties: { messageId?: string; type?: string; headers?: Record<string, unknown> },
  ) {
    if (!manager.isConnected()) throw new Error("amqp not connected");
    await publisher.publish(exchange, routingKey, body, {
      persistent: true,
      contentType: CONTENT_TYPE,
      ...properties,
    });
  }

  async function deadLetter(queue: string, message: ConsumeMessage, reason: string) {
    await publishConfirmed(options.deadLetterExchange, message.fields.routingKey, message.content, {
      messageId: message.properties.messageId,
      type: message.properties.type,
      headers: {
        ...message.properties.headers,
        [DEAD_REASON_HEADER]: reason.slice(0, 1000),
        "x-chat-dead-queue": queue,
        "x-chat-original-exchange": message.fields.exchange,
      },
    });
  }

  /** Acks and nacks on a channel that has since closed are moot: the broker already requeued the message. */
  function settle(action: () => void) {
    try {
      action();
    } catch {}
  }

  /** Settles one delivery by decideDelivery; a retry keeps the message unacked through its back-off. */
  async function deliver(
    queue: string,
    channel: Channel,
    message: ConsumeMessage,
    { handle, onDeadLetter, waits }: Pick<ConsumeOptions, "handle" | "onDeadLetter"> & { waits: RetryWaits },
  ) {
    const attempt = Number(message.properties.headers?.["x-delivery-count"] ?? 0) + 1;
    const decision = await decideDelivery(handle, message.content, attempt, policy);
    if (decision.action === "ack") return settle(() => channel.ack(message));
    if (decision.action === "dead-letter") {
      const { reason } = decision;
      try {
        await deadLetter(queue, message, reason);
        settle(() => channel.ack(message));
        logger?.warn({ queue, routingKey: message.fields.routingKey, reason }, "dead-lettered");
        onDeadLetter?.(reason);
      } catch (publishError) {
        logger?.warn({ queue, err: errorText(publishError) }, "dead-lettering failed; requeued");
        settle(() => channel.nack(message, false, true));
      }
      return;
    }
    logger?.warn({ queue, attempt, err: decision.reason }, "handler failed; retrying with back-off");
    await waits.wait(decision.delayMs);
    settle(() => channel.nack(message, false, true));
  }

  return {
    declareExchanges,
    async publish(exchange, routingKey, event) {
      await declareExchanges([exchange]);
      await publishConfirmed(exchange, routingKey, Buffer.from(JSON.stringify(event)), {
        messageId: event.id,
        type: event.type,
      });
    },
    async consume({ queue, bindings, handle, onDeadLetter }) {
      const inFlight = new Set<Promise<void>>();
      const waits = new RetryWaits();
      consumerWaits.add(waits);
      let cancelled = false;
      let active: { channel: Channel; consumerTag: string } | null = null;

      /** Declares and binds the queue, then consumes; runs on every new channel. */
      async function attach(channel: Channel) {
        await declareDeadLetter(channel);
        for (const binding of bindings) {
          await channel.assertExchange(binding.exchange, "topic", { durable: true });
        }
        await channel.assertQueue(queue, {
          durable: true,
          arguments: {
            "x-queue-type": "quorum",
            "x-delivery-limit": options.deliveryLimit,
            "x-dead-letter-exchange": options.deadLetterExchange,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
          },
        });
        for (const binding of bindings) {
          await channel.bindQueue(queue, binding.exchange, binding.routingKey);
        }
        await channel.prefetch(options.prefetch);
        const { consumerTag } = await channel.consume(queue, (message) => {
          if (cancelled) return;
          if (!message) return void reattach(channel);
          const running = deliver(queue, channel, message, { handle, onDeadLetter, waits }).finally(() =>
            inFlight.delete(running),
          );
          inFlight.add(running);
        });
        active = { channel, consumerTag };
      }

      /** The broker cancelled our consumer (queue deleted, leader moved): declare and consume again. */
      function reattach(channel: Channel) {
        logger?.warn({ queue }, "amqp consumer cancelled by the broker; re-attaching");
        const timer = setTimeout(() => {
          if (cancelled || latestChannel.get(`consumer:${queue}`) !== channel) return;
          attach(channel).catch((error) => {
            logger?.warn({ queue, err: errorText(error) }, "re-attach failed; reconnecting");
            if (!closing && manager.isConnected()) manager.reconnect();
          });
        }, 500);
        timer.unref();
      }
      const consumer = manager.createChannel({
        name: `consumer:${queue}`,
        confirm: false,
        setup: async (channel: Channel) => {
          watchChannel(`consumer:${queue}`, channel);
          await attach(channel);
        },
      });
      consumer.on("error", (error) =>
        logger?.warn({ queue, err: errorText(error) }, "amqp consumer setup failed"),
      );
      wrappers.add(consumer);
      await consumer.waitForConnect();
      return {
        async cancel() {
          cancelled = true;
          if (active) await active.channel.cancel(active.consumerTag).catch(() => {});
          waits.wakeAll();
          consumerWaits.delete(waits);
          await Promise.allSettled([...inFlight]);
          latestChannel.delete(`consumer:${queue}`);
          wrappers.delete(consumer);
          await consumer.close().catch(() => {});
        },
      };
    },
    isConnected: () => manager.isConnected(),
    async ping() {
      if (!manager.isConnected()) throw new Error("amqp not connected");
    },
    async close() {
      closing = true;
      for (const waits of consumerWaits) waits.wakeAll();
      await Promise.allSettled([...wrappers].map((wrapper) => wrapper.close()));
      await manager.close();
    },
  };
}
