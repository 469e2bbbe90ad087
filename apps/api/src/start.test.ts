import { spawn } from "node:child_process";
import { request } from "node:http";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { createTestDatabase, freePort, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { mintToken } from "@chat/shared/auth";
import { createMemoryBus } from "@chat/shared/bus";
import { channels } from "@chat/shared/contracts";
import { createLogger } from "@chat/shared/logger";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiConfig } from "./config";
import { startApi } from "./start";
import { eventually, TEST_SECRET, uniqueId } from "./testing/harness";

const redisUrl = await serviceUrl("redis");
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** The api on a free loopback port over the test database and an in-process bus. */
async function serveOnAnyPort(settings: Record<string, unknown>) {
  const bus = createMemoryBus();
  const config = ApiConfig.parse({ JWT_SECRET: TEST_SECRET, API_PORT: 0, HOST: "127.0.0.1", ...settings });
  const handle = await startApi({
    config,
    db,
    bus,
    logger: createLogger({ name: "api-start-test", level: "silent" }),
    registry: new Registry(),
  });
  return { bus, handle };
}

describe("startApi", () => {
  it("serves HTTP on the given port and applies a user_banned control message at once", async () => {
    const { bus, handle } = await serveOnAnyPort({ USER_CACHE_TTL_MS: 60_000 });
    try {
      const base = `http://127.0.0.1:${handle.port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const userId = uniqueId("soon-banned");
      const headers = { authorization: `Bearer ${await mintToken({ secret: TEST_SECRET, userId })}` };
      expect((await fetch(`${base}/chats`, { headers })).status).toBe(200);
      await db.sql`update users set banned_at = now() where id = ${userId}`;
      expect((await fetch(`${base}/chats`, { headers })).status).toBe(200);
      await bus.publish(channels.control, JSON.stringify({ type: "user_banned", userId }));
      await eventually(async () => expect((await fetch(`${base}/chats`, { headers })).status).toBe(403));
    } finally {
      await handle.close();
      await bus.close();
    }
  });
});

describe("startApi body limit", () => {
  /** A POST over a real socket; without a length the body goes chunked, as Node sends a streamed body. */
  function post(port: number, path: string, token: string, body: string, chunked: boolean) {
    return new Promise<number>((resolve, reject) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      };
      if (!chunked) headers["content-length"] = String(Buffer.byteLength(body));
      const req = request({ host: "127.0.0.1", port, method: "POST", path, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      if (chunked) for (let at = 0; at < body.length; at += 100) req.write(body.slice(at, at + 100));
      req.end(chunked ? undefined : body);
    });
  }

  it("answers a body over BODY_LIMIT_BYTES with 413 whether it has a Content-Length or comes chunked", async () => {
    const { bus, handle } = await serveOnAnyPort({ BODY_LIMIT_BYTES: 1000 });
    try {
      const token = await mintToken({ secret: TEST_SECRET, userId: uniqueId("big") });
      const chat = await fetch(`http://127.0.0.1:${handle.port}/chats`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ type: "group", title: "limits", memberIds: [] }),
      }).then((res) => res.json() as Promise<{ id: string }>);
      const path = `/chats/${chat.id}/messages`;
      const big = JSON.stringify({ content: "x".repeat(1200) });
      const small = JSON.stringify({ content: "y".repeat(500) });
      expect(await post(handle.port, path, token, big, false)).toBe(413);
      expect(await post(handle.port, path, token, big, true)).toBe(413);
      expect(await post(handle.port, path, token, small, true)).toBe(201);
      expect(await post(handle.port, path, token, small, false)).toBe(201);
    } finally {
      await handle.close();
      await bus.close();
    }
  });
});

describe("startApi requests Node refuses before any route", () => {
  /** Writes raw bytes on a fresh socket and reads until the server closes it. */
  function rawExchange(port: number, request: string) {
    return new Promise<{ head: string; body: string }>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => socket.write(request));
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk) => {
        text += chunk;
      });
      socket.on("error", reject);
      socket.on("close", () => {
        const [head = "", body = ""] = text.split("\r\n\r\n");
        resolve({ head, body });
      });
    });
  }

  it("answers headers over Node's limit with a 431 problem+json, and a malformed request with a 400 one", async () => {
    const { bus, handle } = await serveOnAnyPort({});
    try {
      const huge = await rawExchange(
        handle.port,
        `GET /chats HTTP/1.1\r\nHost: x\r\nX-Padding: ${"a".repeat(20_000)}\r\n\r\n`,
      );
      expect(huge.head).toMatch(/^HTTP\/1\.1 431 /);
      expect(huge.head.toLowerCase()).toContain("content-type: application/problem+json");
      expect(JSON.parse(huge.body)).toMatchObject({ status: 431, code: "HEADERS_TOO_LARGE" });
      const garbled = await rawExchange(handle.port, "NOT A REQUEST\r\n\r\n");
      expect(garbled.head).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(garbled.body)).toMatchObject({ status: 400, code: "BAD_REQUEST" });
      expect((await fetch(`http://127.0.0.1:${handle.port}/health`)).status).toBe(200);
    } finally {
      await handle.close();
      await bus.close();
    }
  });
});

describe("startApi close", () => {
  it("finishes while a keep-alive client keeps sending, and refuses requests afterwards", async () => {
    const { bus, handle } = await serveOnAnyPort({});
    const url = `http://127.0.0.1:${handle.port}/health`;
    let served = 0;
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        try {
          await (await fetch(url)).arrayBuffer();
          served++;
        } catch {
          stopped = true;
        }
      }
    })();
    await eventually(() => expect(served).toBeGreaterThan(10));
    await handle.close();
    stopped = true;
    await loop;
    await expect(fetch(url)).rejects.toThrow();
    await bus.close();
  });
});

describe.skipIf(!redisUrl)("pnpm start:api (distributed mode)", () => {
  it("migrates, serves /ready against PostgreSQL and Redis, and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./index.ts", import.meta.url))],
      {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          REDIS_URL: redisUrl ?? "",
          API_PORT: String(port),
          HOST: "127.0.0.1",
          JWT_SECRET: TEST_SECRET,
          MIGRATE_ON_START: "1",
          LOG_LEVEL: "silent",
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/ready`);
        expect(await res.json()).toEqual({ status: "ready", checks: { postgres: "ok", bus: "ok" } });
      }, 30_000);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain("chat_api_process_cpu_seconds_total");
      child.kill("SIGTERM");
      expect(await exited, stderr).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});
