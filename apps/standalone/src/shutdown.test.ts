import { rm } from "node:fs/promises";
import { createTestDatabase, type TestDatabase } from "@chat/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  devToken,
  joinChat,
  type RunningProcess,
  restClient,
  type StandalonePorts,
  standaloneEnv,
  startStandaloneProcess,
  type TestSocket,
  waitFor,
} from "./testing";

const SENDERS = 4;
let db: TestDatabase;
let dataDir: string;
let ports: StandalonePorts;
let running: RunningProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase({ max: 2 });
  let env: NodeJS.ProcessEnv;
  ({ env, ports, dataDir } = await standaloneEnv({
    DATABASE_URL: db.url,
    SEND_RATE_PER_SEC: "10000",
    SEND_BURST: "10000",
    LOG_LEVEL: "info",
  }));
  running = await startStandaloneProcess(env);
}, 120_000);

afterAll(async () => {
  await running?.stop("SIGKILL", 1000);
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("graceful shutdown of the standalone process", { timeout: 120_000 }, () => {
  it("SIGTERM during a steady stream of sends: every 201 is in PostgreSQL, sockets get 1012, exit 0", async () => {
    const call = restClient(ports.API_PORT);
    const sender = await devToken("shutdown-sender");
    const members = ["shutdown-r1", "shutdown-r2", "shutdown-r3"];
    const chat = await call<{ id: string }>("POST", "/chats", sender, {
      type: "group",
      title: "shutdown",
      memberIds: members,
    });
    expect(chat.status).toBe(201);
    const sockets: TestSocket[] = [];
    for (const member of members)
      sockets.push(await joinChat(ports.REALTIME_PORT, await devToken(member), chat.body.id));

    const committed: string[] = [];
    let stopSending = false;
    const sendLoop = async (worker: number) => {
      for (let i = 0; !stopSending && i < 5000; i++) {
        try {
          const sent = await call<{ id: string }>("POST", `/chats/${chat.body.id}/messages`, sender, {
            content: `m ${worker}-${i}`,
          });
          if (sent.status === 201) committed.push(sent.body.id);
          else if (sent.status >= 500) return;
        } catch {
          return;
        }
      }
    };
    const loops = Array.from({ length: SENDERS }, (_, worker) => sendLoop(worker));
    await waitFor(() => committed.length >= 50, { what: "50 committed sends before SIGTERM" });

    const exit = running?.stop("SIGTERM", 30_000);
    await Promise.all(loops);
    stopSending = true;
    expect(await exit, running?.output()).toBe(0);

    const rows = await db.sql<{ id: string }[]>`select id from messages where chat_id = ${chat.body.id}`;
    const stored = new Set(rows.map((row) => row.id));
    expect(committed.filter((id) => !stored.has(id))).toEqual([]);
    expect(committed.length).toBeGreaterThanOrEqual(50);
    for (const socket of sockets) expect(await socket.closeCode).toBe(1012);
  });
});
