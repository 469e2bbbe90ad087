import { readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./paths";
import { type RunningProcess, standaloneEnv, startProcess, waitFor } from "./testing";

interface ShellBlock {
  tag: string;
  code: string;
}

/** The fenced `sh` blocks of the README's walkthrough, in order; the word after `sh` says how a block is used. */
function readShellBlocks(): ShellBlock[] {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const text = /<!-- walkthrough:start -->([\s\S]*)<!-- walkthrough:end -->/.exec(readme)?.[1] ?? "";
  return [...text.matchAll(/^```sh([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    tag: (match[1] ?? "").trim(),
    code: match[2] ?? "",
  }));
}

const blocks = readShellBlocks();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("the README walkthrough", { timeout: 180_000 }, () => {
  it("has one server block (`pnpm start`), an install step for CI, and user steps", () => {
    expect(blocks.filter((b) => b.tag === "server").map((b) => b.code.trim())).toEqual(["pnpm start"]);
    expect(blocks.filter((b) => b.tag === "ci").map((b) => b.code.trim())).toEqual(["pnpm install"]);
    expect(blocks.filter((b) => b.tag === "").length).toBeGreaterThanOrEqual(5);
    expect(blocks.every((b) => ["", "ci", "server"].includes(b.tag))).toBe(true);
  });

  it("runs end to end against `pnpm start`: tokens, a chat, a socket that receives the message, history", async () => {
    const { env, dataDir } = await standaloneEnv();
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const serverCode = blocks.find((b) => b.tag === "server")?.code.trim() ?? "";
    const [command = "pnpm", ...args] = serverCode.split(/\s+/);
    // `pnpm install` is CI's own first step; a test must not relink node_modules under other test files.
    const server: RunningProcess = startProcess(command, args, { cwd: REPO_ROOT, env, detached: true });
    cleanups.push(() => server.stop("SIGKILL", 1000));
    await waitFor(() => server.output().includes("chat-svc is running") || server.child.exitCode !== null, {
      timeoutMs: 90_000,
      what: "pnpm start to print its banner",
    });
    expect(server.output()).toContain("chat-svc is running");

    const script = path.join(dataDir, "walkthrough.sh");
    const steps = blocks.filter((b) => b.tag === "").map((b) => b.code);
    await writeFile(script, ["set -euo pipefail", ...steps].join("\n"));
    const user = startProcess("bash", [script], { cwd: REPO_ROOT, env });
    cleanups.push(() => user.stop("SIGKILL", 1000));
    const code = await user.exited;
    const output = user.output();
    expect(code, output).toBe(0);

    const frames = output
      .split("\n")
      .flatMap((line) => (line.startsWith("{") ? [JSON.parse(line) as Record<string, unknown>] : []))
      .filter((json) => typeof json.type === "string" && "chatId" in json && !("id" in json));
    expect(frames.map((f) => f.type)).toContain("joined");
    expect(frames.find((f) => f.type === "new_message")?.message).toMatchObject({
      content: "Hi Bob, is the Dragon Sword still for sale?",
      seq: 1,
    });
    expect(output).toContain('"unreadCount":1');
    expect(output).toMatch(/"lastReadSeq":1,"unreadCount":0|"unreadCount":0,"lastReadSeq":1/);

    // Ctrl-C: the terminal sends SIGINT to the whole foreground process group.
    const exit = await server.stop("SIGINT", 20_000);
    expect(server.output()).toContain("stopped; data is kept for the next start");
    expect(exit).not.toBe("SIGKILL");
  });
});
