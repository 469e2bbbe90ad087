import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "./migrate";
import { createTestDatabase } from "./testing";

describe("migrations", () => {
  it("apply to an empty database, and a second run is a no-op", async () => {
    const db = await createTestDatabase();
    afterAll(() => db.drop());
    await db.sql`drop schema public cascade`;
    await db.sql`drop schema if exists drizzle cascade`;
    await db.sql`create schema public`;

    await migrateDatabase(db.url);
    const tables = await db.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
    expect(tables.map((t) => t.table_name)).toEqual([
      "chat_members",
      "chats",
      "disputes",
      "message_edits",
      "messages",
      "moderation_actions",
      "outbox",
      "processed_events",
      "users",
    ]);
    const [before] = await db.sql`select count(*)::int as n from drizzle.__drizzle_migrations`;

    await migrateDatabase(db.url);
    const [after] = await db.sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(after?.n).toBe(before?.n);
  });
});
