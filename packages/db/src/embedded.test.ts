import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "./embedded";
import { freePort } from "./testing";

const dirs: string[] = [];
const handles: EmbeddedPostgresHandle[] = [];
afterAll(async () => {
  await Promise.all(handles.map((handle) => handle.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "chat-svc-embedded-"));
  // As root the server runs as user postgres, which must be able to enter this directory.
  await chmod(dir, 0o755);
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, port: number) {
  const handle = await startEmbeddedPostgres({ dataDir, port, database: "chat" });
  handles.push(handle);
  return handle;
}

async function query<T extends postgres.Row>(url: string, run: (sql: postgres.Sql) => Promise<T[]>) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe("embedded PostgreSQL", { timeout: 120_000 }, () => {
  it("initialises an empty directory once, and a restart on the same directory keeps the data", async () => {
    const dataDir = path.join(await tempDir(), "pg");
    const port = await freePort();

    const first = await start(dataDir, port);
    const [before] = await query(first.url, async (sql) => {
      await sql`create table notes (body text)`;
      await sql`insert into notes values ('kept')`;
      return sql<{ id: string }[]>`select system_identifier::text as id from pg_control_system()`;
    });
    await first.stop();

    const second = await start(dataDir, port);
    const [after] = await query(
      second.url,
      (sql) =>
        sql<{ id: string; body: string }[]>`
        select system_identifier::text as id, (select body from notes) as body from pg_control_system()`,
    );
    expect(after).toEqual({ id: before?.id, body: "kept" });
    await second.stop();
  });

  it("stop is safe to call twice", async () => {
    const handle = await start(await tempDir(), await freePort());
    await handle.stop();
    await handle.stop();
  });

  it("refuses a non-empty directory that holds no PostgreSQL data, naming it", async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, "notes.txt"), "not a database");
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
      `${dataDir} is not empty and holds no PostgreSQL data directory`,
    );
  });
});
