import { enqueueEvent, enqueueEvents } from "@chat/db/queries";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { newId } from "@chat/shared/ids";
import type { EventQueue } from "@chat/shared/queue";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerMetrics } from "./metrics";
import { type OutboxRelay, startOutboxRelay } from "./outbox-relay";
import {
  type Adapter,
  createQueue,
  silentLogger,
  startTestWorker,
  type TestWorker,
  testConfig,
  waitFor,
} from "./testing/harness";

const rabbitUrl = await serviceUrl("rabbitmq");
const adapters: Adapter[] = rabbitUrl ? ["memory", "amqp"] : ["memory"];

describe.each(adapters)("outbox relay on the %s queue", (adapter) => {
  let db: TestDatabase;
  let worker: TestWorker;
  const received: { id: string; type: string }[] = [];
  const collector = `${newId()}.collector`;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startTestWorker({ adapter, db, rabbitUrl });
    const subscription = await worker.queue.consume({
      queue: `${worker.config.AMQP_QUEUE_PREFIX}.${collector}`,
      bindings: [{ exchange: worker.config.AMQP_EXCHANGE_CHAT, routingKey: "chat.created" }],
      async handle(raw) {
        received.push(JSON.parse(raw.toString()));
      },
    });
    cleanups.push(() => subscription.cancel());
  });
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    if (adapter === "amqp") await worker?.deleteQueues([`${worker.config.AMQP_QUEUE_PREFIX}.${collector}`]);
    await worker?.close();
    await db?.drop();
  });

  async function writeEvents(count: number): Promise<string[]> {
    return db.db.transaction(async (tx) => {
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        const event = await enqueueEvent(tx, "chat.created", {
          chatId: newId(),
          type: "group",
          memberIds: ["a"],
          orderId: null,
        });
        ids.push(event.id);
      }
      return ids;
    });
  }

  const unpublished = async (ids: string[]) => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from outbox where id = any(${ids}::uuid[]) and published_at is null`;
    return row?.n ?? -1;
  };

  it("publishes every row with a confirm, marks it sent, and keeps the event id", async () => {
    const ids = await writeEvents(50);
    await waitFor(async () => (await unpublished(ids)) === 0, { what: "rows marked published" });
    await waitFor(() => ids.every((id) => received.some((event) => event.id === id)), {
      what: "events received",
    });
    expect(received.find((event) => event.id === ids[0])?.type).toBe("chat.created");
  });

  it("several relays at once publish each row exactly once (SKIP LOCKED), and none is skipped", async () => {
    const metrics = createWorkerMetrics(new Registry());
    const relays: OutboxRelay[] = Array.from({ length: 3 }, () =>
      startOutboxRelay({
        db,
        queue: worker.queue,
        exchanges: {
          chat: worker.config.AMQP_EXCHANGE_CHAT,
          notifications: worker.config.AMQP_EXCHANGE_NOTIFICATIONS,
        },
        batchSize: 7,
        pollMs: 20,
        logger: silentLogger,
        metrics,
      }),
    );
    try {
      const ids = (await Promise.all(Array.from({ length: 10 }, () => writeEvents(40)))).flat();
      await waitFor(async () => (await unpublished(ids)) === 0, { what: "rows marked published" });
      await waitFor(() => ids.every((id) => received.some((event) => event.id === id)));
      // Stopped relays have published everything they will; a sentinel row relayed after that reaches the
      // collector behind any doubled publish, so once it is here every copy of every row is too.
      await Promise.all(relays.map((relay) => relay.stop()));
      const [sentinel] = await writeEvents(1);
      await waitFor(() => received.some((event) => event.id === sentinel), { what: "the sentinel" });
      const wanted = new Set(ids);
      expect(received.filter((event) => wanted.has(event.id))).toHaveLength(ids.length);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }
  });

  it("a row whose transaction commits after later rows were relayed is still relayed", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let lateId = "";
    const late = db.db.transaction(async (tx) => {
      const event = await enqueueEvent(tx, "chat.created", {
        chatId: newId(),
        type: "group",
        memberIds: [],
        orderId: null,
      });
      lateId = event.id;
      await gate;
    });
    await waitFor(() => lateId);
    const early = await writeEvents(5);
    await waitFor(async () => (await unpublished(early)) === 0);
    release();
    await late;
    await waitFor(async () => (await unpublished([lateId])) === 0, { what: "the late row" });
    await waitFor(() => received.some((event) => event.id === lateId));
  });

  it("a row that cannot be published records attempts and the error, and does not block the others", async () => {
    const badId = newId();
    await db.sql`insert into outbox (id, destination, routing_key, event)
      values (${badId}, 'nowhere', 'chat.created', ${JSON.stringify({ id: badId })}::jsonb)`;
    const ids = await writeEvents(3);
    await waitFor(async () => (await unpublished(ids)) === 0);
    const [row] = await waitFor(async () => {
      const rows = await db.sql<{ attempts: number; last_error: string }[]>`
        select attempts, last_error from outbox where id = ${badId} and attempts > 0`;
      return rows.length ? rows : null;
    });
    expect(row?.last_error).toContain("unknown outbox destination nowhere");
    await db.sql`delete from outbox where id = ${badId}`;
  });
});

describe("outbox relay lanes", () => {
  it("a chat event committed behind a 3,000-row notification fan-out waits for at most one batch of it", async () => {
    const db = await createTestDatabase();
    const config = testConfig();
    const queue = createQueue("memory", config, null);
    const publishedIds: string[] = [];
    const recording: EventQueue = {
      declareExchanges: (names) => queue.declareExchanges(names),
      async publish(exchange, routingKey, event) {
        publishedIds.push(event.id);
        await queue.publish(exchange, routingKey, event);
      },
      consume: (options) => queue.consume(options),
      ping: () => queue.ping(),
      close: () => queue.close(),
    };
    const batchSize = 20;
    const fanOut = 3000;
    const notificationIds = await db.db.transaction(async (tx) => {
      const events = await enqueueEvents(
        tx,
        "notification.requested",
        Array.from({ length: fanOut }, (_, index) => ({
          data: {
            userId: `member-${index}`,
            chatId: newId(),
            messageId: newId(),
            seq: 1,
            senderId: "sender",
            senderName: null,
            preview: "gold",
          },
          subject: `member-${index}`,
        })),
      );
      return new Set(events.map((event) => event.id));
    });
    const relay = startOutboxRelay({
      db,
      queue: recording,
      exchanges: { chat: config.AMQP_EXCHANGE_CHAT, notifications: config.AMQP_EXCHANGE_NOTIFICATIONS },
      batchSize,
      pollMs: 20,
      logger: silentLogger,
      metrics: createWorkerMetrics(new Registry()),
    });
    try {
      await waitFor(() => publishedIds.length > 0, { what: "the fan-out under way" });
      const sentinel = await enqueueEvent(db.db, "chat.created", {
        chatId: newId(),
        type: "group",
        memberIds: ["a"],
        orderId: null,
      });
      const publishedAtCommit = publishedIds.length;
      expect(publishedAtCommit, "the fan-out was still under way").toBeLessThan(fanOut / 2);
      await waitFor(() => publishedIds.includes(sentinel.id), { what: "the chat event" });
      const ahead = publishedIds.slice(publishedAtCommit, publishedIds.indexOf(sentinel.id));
      expect(ahead.every((id) => notificationIds.has(id))).toBe(true);
      expect(ahead.length).toBeLessThanOrEqual(batchSize);
      expect(publishedIds.indexOf(sentinel.id)).toBeLessThan(fanOut);
      await waitFor(() => publishedIds.length === fanOut + 1, { what: "the rest of the fan-out" });
    } finally {
      await relay.stop();
      await queue.close();
      await db.drop();
    }
  });
});
