import { randomBytes, randomUUID } from "node:crypto";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { mintToken } from "@chat/shared/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./paths";
import {
  brokerNames,
  freePort,
  joinChat,
  type RunningProcess,
  removeBrokerNames,
  restClient,
  startProcess,
  waitFor,
} from "./testing";

const redisUrl = await serviceUrl("redis");
const rabbitUrl = await serviceUrl("rabbitmq");
const APPS = ["api", "realtime", "worker"] as const;

let db: TestDatabase;
const processes: RunningProcess[] = [];

afterAll(async () => {
  for (const child of processes) await child.stop("SIGKILL", 1000);
  await db?.drop();
});

describe.skipIf(!redisUrl || !rabbitUrl)(
  "distributed mode: pnpm start:api|start:realtime|start:worker",
  () => {
    const suffix = randomBytes(4).toString("hex");
    const secret = randomBytes(24).toString("hex");
    const ports: Record<string, string> = {};
    const httpPortVar = {
      api: "API_PORT",
      realtime: "REALTIME_HTTP_PORT",
      worker: "WORKER_HTTP_PORT",
    } as const;

    const names = brokerNames("distributed", suffix);
    // The processes are gone by now: the test stops them, and the outer afterAll kills what is left.
    afterAll(async () => {
      for (const child of processes) await child.stop("SIGKILL", 1000);
      await removeBrokerNames(rabbitUrl ?? "", names).catch(() => {});
    });

    beforeAll(async () => {
      db = await createTestDatabase({ max: 2 });
      await db.sql`drop schema public cascade`;
      await db.sql`drop schema if exists drizzle cascade`;
      await db.sql`create schema public`;
      for (const name of ["API_PORT", "REALTIME_PORT", "REALTIME_HTTP_PORT", "WORKER_HTTP_PORT"]) {
        ports[name] = String(await freePort());
      }
    });

    it("all three start at once with MIGRATE_ON_START=1 on an empty database, serve a message end to end over Redis, and stop on SIGTERM", {
      timeout: 180_000,
    }, async () => {
      const env = {
        ...process.env,
        ...ports,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        MIGRATE_ON_START: "1",
        DATABASE_URL: db.url,
        REDIS_URL: redisUrl ?? "",
        RABBITMQ_URL: rabbitUrl ?? "",
        JWT_SECRET: secret,
        ...names,
      };
      for (const app of APPS) {
        processes.push(startProcess("pnpm", [`start:${app}`], { cwd: REPO_ROOT, env, detached: true }));
      }
      for (const [index, app] of APPS.entries()) {
        const base = `http://127.0.0.1:${ports[httpPortVar[app]]}`;
        await waitFor(async () => (await fetch(`${base}/ready`)).ok, {
          timeoutMs: 90_000,
          what: `${app} /ready\n${processes[index]?.output()}`,
        });
      }

      const call = restClient(ports.API_PORT ?? "");
      const alice = await mintToken({ secret, userId: "dist-alice" });
      const bob = await mintToken({ secret, userId: "dist-bob" });
      const chat = await call<{ id: string }>("POST", "/chats", alice, {
        type: "private",
        memberIds: ["dist-bob"],
      });
      expect(chat.status).toBe(201);
      const socket = await joinChat(ports.REALTIME_PORT ?? "", bob, chat.body.id);
      const content = `distributed ${randomUUID()}`;
      expect((await call("POST", `/chats/${chat.body.id}/messages`, alice, { content })).status).toBe(201);
      const frame = await waitFor(() => socket.frames.find((f) => f.type === "new_message"), {
        what: "new_message over Redis",
      });
      expect(frame).toMatchObject({ message: { content, seq: 1 } });
      socket.socket.close();

      for (const child of processes) await child.stop("SIGTERM", 30_000);
      for (const [index, app] of APPS.entries()) {
        const output = processes[index]?.output() ?? "";
        expect(output, app).toMatch(/"msg":"stopped"/);
        expect(output, app).not.toContain("shutdown timed out");
      }
    });
  },
);
