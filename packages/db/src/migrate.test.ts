import { readFile } from "node:fs/promises";
import path from "node:path";
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrateDatabase } from "./migrate";
import * as schema from "./schema";
import { createEmptyTestDatabase, type TestDatabase } from "./testing";

/** Every table the Drizzle schema declares: the migrations must create exactly these. */
const TABLES = Object.values(schema)
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table))
  .sort();

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((db) => db.drop())));

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createEmptyTestDatabase();
  databases.push(db);
  return db;
}

async function journalSize(): Promise<number> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8"));
  return journal.entries.length;
}

async function stateOf(db: TestDatabase) {
  const tables = await db.sql<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
  const [applied] = await db.sql<
    { n: number }[]
  >`select count(*)::int as n from drizzle.__drizzle_migrations`;
  return { tables: tables.map((t) => t.table_name), applied: applied?.n };
}

describe("migrations", () => {
  it("apply every committed migration to an empty database, and a second run is a no-op", async () => {
    const db = await emptyDatabase();

    await migrateDatabase(db.url);
    const first = await stateOf(db);
    expect(first).toEqual({ tables: TABLES, applied: await journalSize() });

    await migrateDatabase(db.url);
    expect(await stateOf(db)).toEqual(first);
  });

  it("3 replicas migrating one empty database at once all succeed (advisory lock), applying each migration once", async () => {
    const db = await emptyDatabase();

    await Promise.all([migrateDatabase(db.url), migrateDatabase(db.url), migrateDatabase(db.url)]);

    expect(await stateOf(db)).toEqual({ tables: TABLES, applied: await journalSize() });
  });
});
