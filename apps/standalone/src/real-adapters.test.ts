import { randomBytes, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import type { TopologyNames } from "@chat/worker/broker";
import { afterAll, describe, expect, it } from "vitest";
import {
  brokerNames,
  devToken,
  joinChat,
  type RunningProcess,
  removeBrokerNames,
  restClient,
  standaloneEnv,
  startStandaloneProcess,
  waitFor,
} from "./testing";

const redisUrl = await serviceUrl("redis");
const rabbitUrl = await serviceUrl("rabbitmq");

let db: TestDatabase | undefined;
let running: RunningProcess | undefined;
let dataDir: string | undefined;

let names: TopologyNames | undefined;

afterAll(async () => {
  await running?.stop("SIGKILL", 1000);
  if (names) await removeBrokerNames(rabbitUrl ?? "", names).catch(() => {});
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!redisUrl || !rabbitUrl)("pnpm start with REDIS_URL and RABBITMQ_URL set", () => {
  it("uses Redis and RabbitMQ instead of the in-process adapters, delivers a message, and stops with exit 0", {
    timeout: 120_000,
  }, async () => {
    db = await createTestDatabase({ max: 2 });
    const suffix = randomBytes(4).toString("hex");
    names = brokerNames("standalone", suffix);
    const started = await standaloneEnv({
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl ?? "",
      RABBITMQ_URL: rabbitUrl ?? "",
      ...names,
    });
    dataDir = started.dataDir;
    const { ports, env } = started;
    running = await startStandaloneProcess(env);
    expect(running.output()).toContain('"msg":"amqp connected"');
    const ready = await fetch(`http://127.0.0.1:${ports.WORKER_HTTP_PORT}/ready`);
    expect(ready.status).toBe(200);

    const call = restClient(ports.API_PORT);
    const chat = await call<{ id: string }>("POST", "/chats", await devToken("ra-alice"), {
      type: "private",
      memberIds: ["ra-bob"],
    });
    expect(chat.status).toBe(201);
    const socket = await joinChat(ports.REALTIME_PORT, await devToken("ra-bob"), chat.body.id);
    const content = `over redis ${randomUUID()}`;
    const sent = await call("POST", `/chats/${chat.body.id}/messages`, await devToken("ra-alice"), {
      content,
    });
    expect(sent.status).toBe(201);
    const frame = await waitFor(() => socket.frames.find((f) => f.type === "new_message"), {
      what: "new_message",
    });
    expect(frame).toMatchObject({ message: { content } });
    socket.socket.close();
    expect(await running.stop("SIGTERM"), running.output()).toBe(0);
  });
});
