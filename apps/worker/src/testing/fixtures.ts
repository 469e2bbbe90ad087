import type { DbClient } from "@chat/db";
import { appendMessage, createChat } from "@chat/db/queries";
import amqplib from "amqplib";
import type { TopologyNames } from "../broker";
import type { WorkerConfig } from "../config";
import { deleteTopology, uniqueId, waitFor } from "./harness";

/** A group chat of a sender and one offline recipient; every message asks for one notification. */
export async function createPair(db: DbClient) {
  const sender = uniqueId("sender");
  const recipient = uniqueId("recipient");
  const chat = await db.db.transaction(async (tx) => {
    const { chat } = await createChat(tx, {
      type: "group",
      title: "load",
      ownerId: sender,
      members: [
        { userId: sender, role: "owner" },
        { userId: recipient, role: "member" },
      ],
    });
    return chat;
  });
  return {
    chat,
    recipient,
    /** Appends `count` messages in one transaction: `count` chat.message.created outbox rows. */
    async send(count: number) {
      await db.db.transaction(async (tx) => {
        for (let index = 0; index < count; index++) {
          await appendMessage(tx, {
            chatId: chat.id,
            senderId: sender,
            content: `m${index}`,
          });
        }
      });
    },
  };
}

/** Counts that prove at-least-once publishing and exactly-once effects for one chat. */
export async function progressOf(db: DbClient, chatId: string) {
  const [row] = await db.sql<
    { pending: number; processed: number; notifications: number; distinctNotified: number }[]
  >`
    select
      (select count(*)::int from outbox where published_at is null) as pending,
      (select count(*)::int from processed_events where consumer = 'notifications') as processed,
      (select count(*)::int from outbox where routing_key = 'notification.requested'
         and event->'data'->>'chatId' = ${chatId}) as notifications,
      (select count(distinct event->'data'->>'messageId')::int from outbox
         where routing_key = 'notification.requested' and event->'data'->>'chatId' = ${chatId}) as "distinctNotified"`;
  if (!row) throw new Error("no progress row");
  return row;
}

/** A durable quorum queue that records every chat.message.created the relay publishes, across restarts. */
export async function declareCollector(url: string, config: WorkerConfig) {
  const name = `${config.AMQP_QUEUE_PREFIX}.collector`;
  const connection = await amqplib.connect(url);
  const channel = await connection.createChannel();
  await channel.assertExchange(config.AMQP_EXCHANGE_CHAT, "topic", { durable: true });
  await channel.assertQueue(name, { durable: true, arguments: { "x-queue-type": "quorum" } });
  await channel.bindQueue(name, config.AMQP_EXCHANGE_CHAT, "chat.message.created");
  await connection.close();
  return name;
}

/** Drains the collector: the ids of every published event (duplicates collapse). */
export async function drainCollector(url: string, name: string): Promise<Set<string>> {
  const connection = await amqplib.connect(url);
  const channel = await connection.createChannel();
  const ids = new Set<string>();
  for (;;) {
    const message = await channel.get(name, { noAck: true });
    if (!message) break;
    ids.add(String(message.properties.messageId));
  }
  await connection.close();
  return ids;
}

/** Deletes the queues and exchanges a run declared, so a shared broker keeps nothing of it. */
export async function removeBrokerState(url: string, config: TopologyNames, extraQueues: string[] = []) {
  const connection = await amqplib.connect(url);
  connection.on("error", () => {});
  const channel = await connection.createChannel();
  channel.on("error", () => {});
  for (const name of extraQueues) await channel.deleteQueue(name);
  await deleteTopology(channel, config);
  await connection.close();
}

/** Stops a private RabbitMQ's broker application, and waits until it accepts connections again. */
export async function restartRabbit(
  broker: { url: string; stopApp(): Promise<void>; startApp(): Promise<void> },
  downMs: number,
  whileDown?: () => Promise<void>,
) {
  const { url } = broker;
  await broker.stopApp();
  try {
    await whileDown?.();
    await new Promise((resolve) => setTimeout(resolve, downMs));
  } finally {
    await broker.startApp();
  }
  await waitFor(
    async () => {
      const connection = await amqplib.connect(url);
      await connection.close();
      return true;
    },
    { timeoutMs: 60_000, what: "RabbitMQ back" },
  );
}
