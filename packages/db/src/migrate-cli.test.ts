import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createEmptyTestDatabase, type TestDatabase } from "./testing";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Runs `node --import tsx src/migrate-cli.ts` as `pnpm db:migrate` does, with only the given variables. */
function runCli(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "src/migrate-cli.ts"],
      { cwd: PACKAGE_DIR, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 60_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

const STACK_FRAME = /^\s+at /m;

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((db) => db.drop())));

describe("pnpm db:migrate", { timeout: 120_000 }, () => {
  it("with DATABASE_URL=not-a-url exits 1 with one message naming DATABASE_URL and no stack trace", async () => {
    const result = await runCli({ DATABASE_URL: "not-a-url" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Invalid configuration:\n {2}- DATABASE_URL: .+\n$/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stdout).toBe("");
  });

  it("without DATABASE_URL exits 1 saying it is required", async () => {
    const result = await runCli({});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL: is required but not set");
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it("with an unreachable server exits 1 with one line that hides the password, no stack trace", async () => {
    const result = await runCli({ DATABASE_URL: "postgres://chat:hunter22@127.0.0.1:1/chat" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^migration failed on postgres:\/\/chat@127\.0\.0\.1:1\/chat: .+\n$/);
    expect(result.stderr).not.toContain("hunter22");
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it("applies the migrations to a database and exits 0", async () => {
    const db = await createEmptyTestDatabase();
    databases.push(db);

    const result = await runCli({ DATABASE_URL: db.url });

    expect(result).toMatchObject({ code: 0, stdout: "migrations applied\n" });
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(row?.n).toBeGreaterThan(0);
  });
});
