import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createPair,
  declareCollector,
  drainCollector,
  progressOf,
  removeBrokerState,
} from "./testing/fixtures";
import { testConfig, waitFor } from "./testing/harness";

const rabbitUrl = await serviceUrl("rabbitmq");
const redisUrl = await serviceUrl("redis");
const workerDir = fileURLToPath(new URL("..", import.meta.url));
const TOTAL = 1000;

describe.skipIf(!rabbitUrl || !redisUrl)("worker process killed with SIGKILL", () => {
  let db: TestDatabase;
  const config = testConfig({ OUTBOX_BATCH_SIZE: 20, AMQP_PREFETCH: 16 });
  const children: ChildProcess[] = [];
  let collector = "";

  beforeAll(async () => {
    db = await createTestDatabase();
    collector = await declareCollector(rabbitUrl ?? "", config);
  });
  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });
  afterAll(async () => {
    await removeBrokerState(rabbitUrl ?? "", config, [collector]).catch(() => {});
    await db?.drop();
  });

  function spawnWorker(): ChildProcess {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: db.url,
      RABBITMQ_URL: rabbitUrl ?? "",
      REDIS_URL: redisUrl ?? "",
      LOG_LEVEL: "warn",
    };
    for (const [key, value] of Object.entries(config)) {
      if (typeof value === "string" || typeof value === "number") env[key] = String(value);
    }
    const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
      cwd: workerDir,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk) => process.stderr.write(`[worker ${child.pid}] ${chunk}`));
    children.push(child);
    return child;
  }

  it("a worker killed mid-batch loses nothing: another one finishes, every event published, every effect once", async () => {
    const pair = await createPair(db);
    await pair.send(TOTAL);
    const first = spawnWorker();
    const atKill = await waitFor(
      async () => {
        const progress = await progressOf(db, pair.chat.id);
        return progress.processed >= 50 ? progress : null;
      },
      { timeoutMs: 120_000, what: "the first worker under way" },
    );
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    expect(atKill.processed).toBeLessThan(TOTAL);

    const second = spawnWorker();
    const final = await waitFor(
      async () => {
        const progress = await progressOf(db, pair.chat.id);
        return progress.pending === 0 && progress.processed === TOTAL && progress.notifications === TOTAL
          ? progress
          : null;
      },
      { timeoutMs: 240_000, what: "the second worker to finish" },
    );
    expect(final.distinctNotified).toBe(TOTAL);

    second.kill("SIGTERM");
    const code = await new Promise((resolve) => second.once("exit", resolve));
    expect(code).toBe(0);

    const published = await drainCollector(rabbitUrl ?? "", collector);
    const [row] = await db.sql<{ ids: string[] }[]>`
      select array_agg(id::text) as ids from outbox where routing_key = 'chat.message.created'`;
    expect((row?.ids ?? []).filter((id) => !published.has(id))).toEqual([]);
  }, 420_000);
});
