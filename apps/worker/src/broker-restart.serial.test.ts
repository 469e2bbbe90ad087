import { createTestDatabase, type TestDatabase } from "@chat/db/testing";
import { type PrivateRabbitMq, rabbitMqInstalled, startPrivateRabbitMq } from "@chat/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPair,
  declareCollector,
  drainCollector,
  progressOf,
  removeBrokerState,
  restartRabbit,
} from "./testing/fixtures";
import { startTestWorker, type TestWorker, testConfig, waitFor } from "./testing/harness";

const TOTAL = 1000;

// The broker it restarts is a node of its own, never a developer's shared RabbitMQ on 5672.
describe.skipIf(!rabbitMqInstalled() && process.env.REQUIRE_SERVICES !== "1")("RabbitMQ restart", () => {
  let rabbit: PrivateRabbitMq;
  let rabbitUrl = "";
  let db: TestDatabase;
  let worker: TestWorker;
  const config = testConfig({ OUTBOX_BATCH_SIZE: 25, AMQP_PUBLISH_TIMEOUT_MS: 5000 });
  let collector = "";

  beforeAll(async () => {
    rabbit = await startPrivateRabbitMq();
    rabbitUrl = rabbit.url;
    db = await createTestDatabase();
    collector = await declareCollector(rabbitUrl, config);
    worker = await startTestWorker({ adapter: "amqp", db, rabbitUrl, config });
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await removeBrokerState(rabbitUrl, config, [collector]).catch(() => {});
    await db?.drop();
    await rabbit?.dispose();
  }, 120_000);

  it("a restart while 1,000 outbox rows are relayed: every event published at least once, every effect applied exactly once", async () => {
    const pair = await createPair(db);
    const readyUrl = `http://127.0.0.1:${worker.handle.httpPort}/ready`;
    let written = 0;
    const writer = (async () => {
      while (written < TOTAL) {
        await pair.send(20);
        written += 20;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    await waitFor(async () => (await progressOf(db, pair.chat.id)).processed >= 100, {
      timeoutMs: 120_000,
      what: "relay under way",
    });

    await restartRabbit(rabbit, 2000, async () => {
      await waitFor(async () => (await fetch(readyUrl)).status === 503, {
        timeoutMs: 60_000,
        what: "/ready to report the broker down",
      });
    });
    await writer;
    expect(written).toBe(TOTAL);

    const final = await waitFor(
      async () => {
        const progress = await progressOf(db, pair.chat.id);
        return progress.pending === 0 && progress.processed === TOTAL && progress.notifications === TOTAL
          ? progress
          : null;
      },
      { timeoutMs: 240_000, what: "everything relayed and processed" },
    );
    expect(final.distinctNotified).toBe(TOTAL);
    expect((await fetch(readyUrl)).status).toBe(200);

    const published = await drainCollector(rabbitUrl, collector);
    const [row] = await db.sql<{ ids: string[] }[]>`
      select array_agg(id::text) as ids from outbox where routing_key = 'chat.message.created'`;
    const missing = (row?.ids ?? []).filter((id) => !published.has(id));
    expect(row?.ids).toHaveLength(TOTAL);
    expect(missing).toEqual([]);
    expect(await worker.deadLetters()).toEqual([]);
  }, 300_000);
});
