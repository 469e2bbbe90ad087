import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("./testing/crash-child.ts", import.meta.url));

function raise(fault: string): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, fault], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout })));
}

describe("process-level crash handling", () => {
  it.each(["driver-throw", "connection-rejection"])(
    "a process survives a dead PostgreSQL connection's %s and keeps running",
    async (fault) => {
      expect(await raise(fault)).toEqual({ code: 0, stdout: "alive\n" });
    },
  );

  it.each(["app-throw", "app-rejection"])(
    "any other %s stops the process through its ordered shutdown",
    async (fault) => {
      expect(await raise(fault)).toEqual({ code: 3, stdout: "" });
    },
  );
});
