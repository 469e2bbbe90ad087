import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "./migrate";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
let scratch: string | undefined;
afterAll(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));

describe("committed migrations", { timeout: 120_000 }, () => {
  it("match the Drizzle schema: drizzle-kit generate finds nothing to add", async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "chat-svc-drift-"));
    const out = path.join(scratch, "migrations");
    await cp(MIGRATIONS_DIR, out, { recursive: true });
    const before = await readdir(out, { recursive: true });

    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        path.join(PACKAGE_DIR, "node_modules/.bin/drizzle-kit"),
        // drizzle-kit prefixes --out with "./", so it must be relative to the working directory.
        [
          "generate",
          "--dialect",
          "postgresql",
          "--schema",
          "src/schema/index.ts",
          "--out",
          path.relative(PACKAGE_DIR, out),
        ],
        { cwd: PACKAGE_DIR, timeout: 60_000 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });

    expect(output).toContain("No schema changes");
    expect((await readdir(out, { recursive: true })).sort()).toEqual(before.sort());
  });
});
