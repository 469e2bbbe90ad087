import { spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { createTestDatabase, freePort, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, TEST_SECRET } from "./testing/harness";

const redisUrl = await serviceUrl("redis");
const apiDir = fileURLToPath(new URL("..", import.meta.url));
const BOOT_MS = 90_000;

interface LogLine {
  msg: string;
  worker?: number;
  pid?: number;
  [key: string]: unknown;
}

/** The distributed api entry as a real process; its JSON log lines are kept in order. */
function spawnApi(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as LogLine);
  });
  child.stderr?.on("data", (chunk) => process.stderr.write(`[api ${child.pid}] ${chunk}`));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, lines, exited };
}

/** GET /health on a fresh connection, so the cluster hands each request to the next worker. */
function getHealth(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/health", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!redisUrl)("api entry with API_WORKERS=2", () => {
  let db: TestDatabase;
  let api: ReturnType<typeof spawnApi> | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (api?.child.exitCode === null) api.child.kill("SIGKILL");
    await db?.drop();
  });

  function spawnTwoWorkers(port: number) {
    return spawnApi({
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl ?? "",
      JWT_SECRET: TEST_SECRET,
      HOST: "127.0.0.1",
      API_PORT: String(port),
      API_WORKERS: "2",
      MIGRATE_ON_START: "1",
      SHUTDOWN_TIMEOUT_MS: "15000",
      LOG_LEVEL: "info",
    });
  }

  it("exits 0 on a SIGTERM that arrives while the workers are still booting", async () => {
    api = spawnTwoWorkers(await freePort());
    const { lines } = api;
    await eventually(
      () => expect(lines.filter((line) => line.msg === "api worker online")).toHaveLength(2),
      BOOT_MS,
    );
    expect(lines.filter((line) => line.msg === "api listening")).toHaveLength(0);
    api.child.kill("SIGTERM");
    expect(await api.exited).toBe(0);
  }, 120_000);

  it("serves from two workers, migrates once, replaces a killed worker while serving, and drains all on SIGTERM", async () => {
    const port = await freePort();
    api = spawnTwoWorkers(port);
    const { lines } = api;
    const logged = (msg: string) => lines.filter((line) => line.msg === msg);
    const listeningWorkers = () => new Set(logged("api listening").map((line) => line.worker));
    await eventually(() => expect(listeningWorkers().size).toBe(2), BOOT_MS);
    expect(logged("migrating")).toHaveLength(1);
    expect(logged("migrating")[0]?.worker).toBeUndefined();

    const servedBy = async (requests: number) => {
      const before = logged("request").length;
      for (let sent = 0; sent < requests; sent += 1) expect(await getHealth(port)).toBe(200);
      await eventually(() => expect(logged("request").length).toBe(before + requests));
      return new Set(
        logged("request")
          .slice(before)
          .map((line) => line.worker),
      );
    };
    expect(await servedBy(6)).toEqual(listeningWorkers());

    const [victim, survivor] = logged("api worker online");
    if (!victim?.pid || !survivor?.pid) throw new Error("the primary logged no worker pids");
    process.kill(victim.pid, "SIGKILL");
    await eventually(() => expect(logged("api worker died; replacing it")).toHaveLength(1), BOOT_MS);
    expect(logged("api worker died; replacing it")[0]).toMatchObject({
      worker: victim.worker,
      signal: "SIGKILL",
    });
    expect(await servedBy(4)).toEqual(new Set([survivor.worker]));

    await eventually(() => expect(listeningWorkers().size).toBe(3), BOOT_MS);
    const replacement = logged("api worker online")[2];
    expect(replacement?.worker).not.toBe(victim.worker);
    expect(await servedBy(6)).toEqual(new Set([survivor.worker, replacement?.worker]));

    api.child.kill("SIGTERM");
    expect(await api.exited).toBe(0);
    const stopped = new Set(logged("stopped").map((line) => line.worker));
    expect(stopped).toEqual(new Set([survivor.worker, replacement?.worker, undefined]));
    for (const pid of [survivor.pid, replacement?.pid ?? 0]) expect(isRunning(pid)).toBe(false);
  }, 240_000);
});
