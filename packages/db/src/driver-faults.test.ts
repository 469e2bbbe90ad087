import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./testing";

const CHILD = fileURLToPath(new URL("./testing/dying-backend-child.ts", import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

const database = await createTestDatabase({ max: 1 });
afterAll(() => database.drop());

describe("postgres.js with a dying backend (patches/postgres@3.4.9.patch)", () => {
  it("a transaction whose backend is terminated rejects with CONNECTION_CLOSED, and the process and its pool live on", async () => {
    const result = await run([CHILD, database.url]);
    expect(result.stderr).not.toContain("TypeError");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ rejected: "CONNECTION_CLOSED", after: 1 });
  });
});
