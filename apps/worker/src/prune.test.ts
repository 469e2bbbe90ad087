import { pruneEventHistory } from "@chat/db/queries";
import { createTestDatabase, type TestDatabase } from "@chat/db/testing";
import { newId } from "@chat/shared/ids";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("event history pruning", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("forgets old dedupe records and old relayed rows, never an unpublished row or a recent record", async () => {
    const [oldPublished, oldPending, recentPublished] = [newId(), newId(), newId()];
    await db.sql`insert into processed_events (consumer, event_id, created_at) values
      ('orders', 'old', now() - interval '40 days'), ('orders', 'recent', now() - interval '1 day')`;
    await db.sql`insert into outbox (id, destination, routing_key, event, created_at, published_at) values
      (${oldPublished}, 'chat', 'chat.created', '{}', now() - interval '9 days', now() - interval '9 days'),
      (${oldPending}, 'chat', 'chat.created', '{}', now() - interval '9 days', null),
      (${recentPublished}, 'chat', 'chat.created', '{}', now(), now())`;
    const day = 24 * 60 * 60 * 1000;
    await pruneEventHistory(db.db, {
      processedBefore: new Date(Date.now() - 30 * day),
      publishedBefore: new Date(Date.now() - 7 * day),
      batch: 100,
    });
    const events = await db.sql<
      { event_id: string }[]
    >`select event_id from processed_events order by event_id`;
    expect(events.map((row) => row.event_id)).toEqual(["recent"]);
    const rows = await db.sql<{ id: string }[]>`select id::text from outbox`;
    expect(rows.map((row) => row.id).sort()).toEqual([oldPending, recentPublished].sort());
  });
});
