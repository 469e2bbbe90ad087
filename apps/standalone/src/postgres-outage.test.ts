import { rm } from "node:fs/promises";
import { createDbClient } from "@chat/db";
import { type OwnPostgres, startOwnPostgres } from "@chat/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import {
  devToken,
  type RunningProcess,
  restClient,
  standaloneEnv,
  startStandaloneProcess,
  waitFor,
} from "./testing";

let postgres: OwnPostgres | undefined;
let running: RunningProcess | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await running?.stop("SIGTERM", 10_000);
  await postgres?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("pnpm start when its PostgreSQL dies", () => {
  it("a stop -m immediate under load: the process stays up, answers 503 meanwhile, serves again once PostgreSQL is back, and loses nothing it acknowledged", {
    timeout: 180_000,
  }, async () => {
    postgres = await startOwnPostgres();
    const started = await standaloneEnv({ DATABASE_URL: postgres.url });
    dataDir = started.dataDir;
    running = await startStandaloneProcess(started.env);
    const call = restClient(started.ports.API_PORT);
    const alice = await devToken("outage-alice");
    const chat = await call<{ id: string }>("POST", "/chats", alice, {
      type: "private",
      memberIds: ["outage-bob"],
    });
    expect(chat.status).toBe(201);

    const acked = new Map<string, string>();
    const statuses = new Set<number>();
    let sending = true;
    const load = (async () => {
      for (let index = 0; sending; index++) {
        const clientMessageId = `outage-${index}`;
        for (;;) {
          const answer = await call<{ id: string }>("POST", `/chats/${chat.body.id}/messages`, alice, {
            content: `message ${index}`,
            clientMessageId,
          }).catch(() => ({ status: 0, body: { id: "" } }));
          statuses.add(answer.status);
          if (answer.status === 200 || answer.status === 201) {
            acked.set(clientMessageId, answer.body.id);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    })();

    await waitFor(() => acked.size >= 20, { timeoutMs: 30_000, what: "20 sends before the stop" });
    await postgres.stopImmediately();
    await waitFor(() => statuses.has(503), { timeoutMs: 30_000, what: "a 503 while PostgreSQL is down" });
    await postgres.restart();
    const before = acked.size;
    await waitFor(() => acked.size >= before + 20, {
      timeoutMs: 60_000,
      what: "20 sends after PostgreSQL returned",
    });
    sending = false;
    await load;

    expect(running.child.exitCode).toBeNull();
    expect(running.output()).not.toContain("Cannot read properties of null");
    expect([...statuses].filter((status) => status >= 500 && status !== 503)).toEqual([]);
    const db = createDbClient(postgres.url, { max: 1 });
    try {
      const rows = await db.sql<
        { id: string }[]
      >`select id::text from messages where chat_id = ${chat.body.id}`;
      const stored = new Set(rows.map((row) => row.id));
      expect([...acked.values()].filter((id) => !stored.has(id))).toEqual([]);
      expect(rows).toHaveLength(acked.size);
    } finally {
      await db.close();
    }
  });
});
