import { readFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@chat/db/testing";
import { startProcess } from "@chat/standalone/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./paths";

const REPLICAS = 3;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ max: 2 });
  await db.sql`drop schema public cascade`;
  await db.sql`drop schema if exists drizzle cascade`;
  await db.sql`create schema public`;
});
afterAll(() => db?.drop());

describe("MIGRATE_ON_START with several replicas", () => {
  it("three migration processes started at once on an empty database all succeed and apply each migration once", async () => {
    const runs = Array.from({ length: REPLICAS }, () =>
      startProcess(process.execPath, ["--import", "tsx", "src/migrate-cli.ts"], {
        cwd: path.join(REPO_ROOT, "packages/db"),
        env: { ...process.env, DATABASE_URL: db.url },
      }),
    );
    const codes = await Promise.all(runs.map((run) => run.exited));
    expect(codes, runs.map((run) => run.output()).join("\n")).toEqual(Array(REPLICAS).fill(0));
    for (const run of runs) expect(run.output()).toContain("migrations applied");

    const journalFile = path.join(REPO_ROOT, "packages/db/migrations/meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: unknown[] };
    const [applied] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied?.n).toBe(journal.entries.length);
    const [chats] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'chats'`;
    expect(chats?.n).toBe(1);
  });
});
