import { randomBytes } from "node:crypto";
import type { TestDatabase } from "@chat/db/testing";
import { type Bus, createMemoryBus } from "@chat/shared/bus";
import { EVENT_SOURCE } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { createLogger } from "@chat/shared/logger";
import { createMemoryPresence, type Presence } from "@chat/shared/presence";
import {
  createAmqpQueue,
  createMemoryQueue,
  DEAD_REASON_HEADER,
  type EventQueue,
  type MemoryQueue,
} from "@chat/shared/queue";
import amqplib from "amqplib";
import { Registry } from "prom-client";
import { type TopologyNames, topologyOf } from "../broker";
import { WorkerConfig } from "../config";
import { startWorker, type WorkerHandle } from "../start";

export type Adapter = "memory" | "amqp";

export const silentLogger = createLogger({ name: "worker-test", level: "silent" });

/** Config with exchange and queue names unique to one test file, so files never share broker state. */
export function testConfig(overrides: Record<string, string | number> = {}): WorkerConfig {
  const id = randomBytes(4).toString("hex");
  return WorkerConfig.parse({
    HOST: "127.0.0.1",
    WORKER_HTTP_PORT: 0,
    LOG_LEVEL: "silent",
    AMQP_EXCHANGE_USERS: `test-${id}.users`,
    AMQP_EXCHANGE_MARKETPLACE: `test-${id}.marketplace`,
    AMQP_EXCHANGE_CHAT: `test-${id}.chat`,
    AMQP_EXCHANGE_NOTIFICATIONS: `test-${id}.notifications`,
    AMQP_QUEUE_PREFIX: `test-${id}`,
    AMQP_DELIVERY_LIMIT: 3,
    AMQP_RETRY_BASE_MS: 50,
    AMQP_RETRY_MAX_MS: 400,
    OUTBOX_POLL_MS: 50,
    ...overrides,
  });
}

export function createQueue(adapter: Adapter, config: WorkerConfig, rabbitUrl: string | null): EventQueue {
  const topology = topologyOf(config);
  if (adapter === "memory") {
    return createMemoryQueue({
      deliveryLimit: config.AMQP_DELIVERY_LIMIT,
      retryBaseMs: config.AMQP_RETRY_BASE_MS,
      retryMaxMs: config.AMQP_RETRY_MAX_MS,
      prefetch: config.AMQP_PREFETCH,
    });
  }
  if (!rabbitUrl) throw new Error("RabbitMQ is not reachable");
  return createAmqpQueue({
    url: rabbitUrl,
    deadLetterExchange: topology.deadLetterExchange,
    deadLetterQueue: topology.deadLetterQueue,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    prefetch: config.AMQP_PREFETCH,
    retryBaseMs: config.AMQP_RETRY_BASE_MS,
    retryMaxMs: config.AMQP_RETRY_MAX_MS,
    publishTimeoutMs: config.AMQP_PUBLISH_TIMEOUT_MS,
    connectionName: "worker-test",
    logger: silentLogger,
  });
}

export interface TestWorker {
  adapter: Adapter;
  config: WorkerConfig;
  queue: EventQueue;
  bus: Bus;
  presence: Presence;
  registry: Registry;
  handle: WorkerHandle;
  /** Publishes an inbound event the way auth-svc or the marketplace would. */
  send(exchange: "users" | "marketplace", type: string, data: unknown, id?: string): Promise<string>;
  sendRaw(exchange: "users" | "marketplace", routingKey: string, body: Buffer): Promise<void>;
  /** Dead-lettered messages seen so far (drained from the dead-letter queue). */
  deadLetters(): Promise<{ reason: string; body: string }[]>;
  /**
   * How many deliveries `consumer` has settled with each outcome so far (the worker's own
   * chat_worker_events_total). A test that must show nothing more happens waits for these to reach what it
   * sent, then asserts: every delivery is accounted for, so no sleep is needed.
   */
  settled(consumer: string): Promise<Record<"processed" | "duplicate" | "invalid", number>>;
  /** Deletes extra RabbitMQ queues a test declared. */
  deleteQueues(names: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startTestWorker(options: {
  adapter: Adapter;
  db: TestDatabase;
  rabbitUrl: string | null;
  presence?: Presence;
  config?: WorkerConfig;
}): Promise<TestWorker> {
  const config = options.config ?? testConfig();
  const topology = topologyOf(config);
  const queue = createQueue(options.adapter, config, options.rabbitUrl);
  const bus = createMemoryBus();
  const presence = options.presence ?? createMemoryPresence();
  const registry = new Registry();
  const handle = await startWorker({
    config,
    db: options.db,
    bus,
    queue,
    presence,
    logger: silentLogger,
    registry,
  });
  const exchangeOf = (name: "users" | "marketplace") =>
    name === "users" ? config.AMQP_EXCHANGE_USERS : config.AMQP_EXCHANGE_MARKETPLACE;
  const raw = options.adapter === "amqp" ? rawChannelTo(options.rabbitUrl ?? "") : null;
  const dead: { reason: string; body: string }[] = [];

  return {
    adapter: options.adapter,
    config,
    queue,
    bus,
    presence,
    registry,
    handle,
    async send(exchange, type, data, id = newId()) {
      await queue.publish(exchangeOf(exchange), type, {
        specversion: "1.0",
        id,
        source: "/test",
        type,
        time: new Date().toISOString(),
        data,
      });
      return id;
    },
    async sendRaw(exchange, routingKey, body) {
      if (raw) {
        const { channel } = await raw.open();
        channel.publish(exchangeOf(exchange), routingKey, body, { persistent: true });
        await channel.waitForConfirms();
      } else {
        await (queue as MemoryQueue).publishRaw(exchangeOf(exchange), routingKey, body);
      }
    },
    async deadLetters() {
      if (!raw) {
        return (queue as MemoryQueue)
          .deadLetters()
          .map((letter) => ({ reason: letter.reason, body: letter.body.toString() }));
      }
      for (;;) {
        const message = await (await raw.open()).channel.get(topology.deadLetterQueue, { noAck: true });
        if (!message) break;
        const reason = message.properties.headers?.[DEAD_REASON_HEADER];
        dead.push({ reason: String(reason ?? "x-death"), body: message.content.toString() });
      }
      return [...dead];
    },
    async settled(consumer) {
      const counts = { processed: 0, duplicate: 0, invalid: 0 };
      const metric = registry.getSingleMetric("chat_worker_events_total");
      for (const { labels, value } of (await metric?.get())?.values ?? []) {
        if (labels.consumer === consumer && labels.outcome && labels.outcome in counts) {
          counts[labels.outcome as keyof typeof counts] += value;
        }
      }
      return counts;
    },
    async deleteQueues(names) {
      if (!raw) return;
      const { channel } = await raw.open();
      for (const name of names) await channel.deleteQueue(name).catch(() => {});
    },
    async close() {
      await handle.close();
      await queue.close();
      await bus.close();
      if (raw) {
        const { channel, connection } = await raw.open();
        await deleteTopology(channel, config).catch(() => {});
        await connection.close().catch(() => {});
      }
    },
  };
}

/** A plain amqplib confirm channel for what the port cannot do; reopened after a broker restart. */
function rawChannelTo(url: string) {
  let current: Promise<{ connection: amqplib.ChannelModel; channel: amqplib.ConfirmChannel }> | null = null;
  return {
    open() {
      if (!current) {
        const opening = (async () => {
          const connection = await amqplib.connect(url);
          const channel = await connection.createConfirmChannel();
          const reset = () => {
            if (current === opening) current = null;
          };
          connection.on("error", () => {});
          connection.on("close", reset);
          channel.on("error", () => {});
          channel.on("close", reset);
          return { connection, channel };
        })();
        opening.catch(() => {
          if (current === opening) current = null;
        });
        current = opening;
      }
      return current;
    },
  };
}

/** Test topology goes away with its test file. */
export async function deleteTopology(channel: amqplib.Channel, config: TopologyNames) {
  const topology = topologyOf(config);
  for (const consumer of topology.consumers) await channel.deleteQueue(consumer.queue);
  await channel.deleteQueue(topology.deadLetterQueue);
  await channel.deleteExchange(topology.deadLetterExchange);
  for (const exchange of topology.exchanges) await channel.deleteExchange(exchange);
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${options.what ?? "a condition"}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function outboundEvent(type: string, data: unknown, id = newId()) {
  return {
    specversion: "1.0" as const,
    id,
    source: EVENT_SOURCE,
    type,
    time: new Date().toISOString(),
    data,
  };
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}
