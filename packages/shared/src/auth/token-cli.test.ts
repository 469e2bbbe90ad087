import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEV_JWT_SECRET } from "./mint";
import { createTokenVerifier } from "./verify";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));

/**
 * Runs `pnpm token` exactly as DESIGN.md and the README write it. pnpm 10 hands a bare `pnpm token` to npm's
 * own token command; the root .npmrc's npm-path shim gives it back to our script.
 */
function runToken(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      "pnpm",
      ["token", ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
        timeout: 60_000,
      },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe("pnpm token", { timeout: 120_000 }, () => {
  it("`token alice moderator` prints one token that verifies with the development secret", async () => {
    const result = await runToken(["alice", "moderator"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verify = createTokenVerifier({ JWT_SECRET: DEV_JWT_SECRET });
    expect(await verify(result.stdout.trim())).toEqual({ userId: "alice", role: "moderator", name: null });
  });

  it("signs with JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE when they are set", async () => {
    const env = { JWT_SECRET: "x".repeat(40), JWT_ISSUER: "auth-svc", JWT_AUDIENCE: "chat-svc" };
    const result = await runToken(["bob", "admin", "Bob"], env);
    expect(result.code).toBe(0);
    expect(await createTokenVerifier(env)(result.stdout.trim())).toEqual({
      userId: "bob",
      role: "admin",
      name: "Bob",
    });
  });

  it("rejects an unknown role with usage and exit code 2", async () => {
    const result = await runToken(["alice", "superuser"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: pnpm token <userId> [user|moderator|admin] [name]");
    expect(result.stdout).toBe("");
  });

  it("rejects a short JWT_SECRET with one configuration message and exit code 1", async () => {
    const result = await runToken(["alice"], { JWT_SECRET: "short" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("JWT_SECRET: must be at least 32 characters");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
