import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { REPO_ROOT } from "./paths";
import {
  devToken,
  joinChat,
  type RunningProcess,
  restClient,
  type StandalonePorts,
  standaloneEnv,
  startStandaloneProcess,
  waitFor,
} from "./testing";

const execFileAsync = promisify(execFile);
let env: NodeJS.ProcessEnv;
let ports: StandalonePorts;
let dataDir: string;
let running: RunningProcess | undefined;
let alice: string;
let bob: string;
let chatId: string;
const content = `hello from the standalone test ${randomUUID()}`;

beforeAll(async () => {
  ({ env, ports, dataDir } = await standaloneEnv({ LOG_LEVEL: "debug" }));
  running = await startStandaloneProcess(env);
  alice = await devToken("sa-alice");
  bob = await devToken("sa-bob");
}, 120_000);

afterAll(async () => {
  await running?.stop("SIGKILL", 1000);
  await rm(dataDir, { recursive: true, force: true });
});

describe("pnpm start (apps/standalone, embedded PostgreSQL, real child process)", {
  timeout: 120_000,
}, () => {
  it("serves /health, /ready and /metrics on the api, realtime and worker ports from one registry", async () => {
    const appPorts = {
      api: ports.API_PORT,
      realtime: ports.REALTIME_HTTP_PORT,
      worker: ports.WORKER_HTTP_PORT,
    };
    for (const [app, port] of Object.entries(appPorts)) {
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health`)).status, `${app} /health`).toBe(200);
      const ready = await fetch(`${base}/ready`);
      expect(ready.status, `${app} /ready: ${await ready.clone().text()}`).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      for (const prefix of ["chat_api_", "chat_realtime_", "chat_worker_", "process_cpu"]) {
        expect(metrics, `${app} /metrics has ${prefix}`).toContain(prefix);
      }
    }
  });

  it("lets browsers on any localhost port in by default, over CORS and WebSocket, and no other origin", async () => {
    const preflight = (origin: string) =>
      fetch(`http://127.0.0.1:${ports.API_PORT}/chats`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization",
        },
      });
    const upgrade = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${ports.REALTIME_PORT}/ws?token=${alice}`, { origin });
        socket.once("upgrade", (res) => {
          socket.terminate();
          resolve(res.statusCode ?? 0);
        });
        socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        socket.once("error", reject);
      });
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:8003"]) {
      expect((await preflight(origin)).headers.get("access-control-allow-origin"), origin).toBe(origin);
      expect(await upgrade(origin), origin).toBe(101);
    }
    for (const origin of ["https://evil.example", "http://localhost.evil.example:5173"]) {
      expect((await preflight(origin)).headers.get("access-control-allow-origin"), origin).toBeNull();
      expect(await upgrade(origin), origin).toBe(403);
    }
  });

  it("exposes every metric that docs/operations.md names", async () => {
    const doc = readFileSync(path.join(REPO_ROOT, "docs/operations.md"), "utf8");
    const documented = [...new Set([...doc.matchAll(/^\| `(chat_[a-z_]+)`\s+\|/gm)].map((m) => m[1] ?? ""))];
    expect(documented.length).toBeGreaterThan(15);
    const metrics = await (await fetch(`http://127.0.0.1:${ports.API_PORT}/metrics`)).text();
    const exposed = new Set([...metrics.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect(documented.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it("delivers a message sent over REST to a joined socket; the request id is logged by the api and at delivery, the body never", async () => {
    const call = restClient(ports.API_PORT);
    const created = await call<{ id: string }>("POST", "/chats", alice, {
      type: "private",
      memberIds: ["sa-bob"],
    });
    expect(created.status).toBe(201);
    chatId = created.body.id;
    const socket = await joinChat(ports.REALTIME_PORT, bob, chatId);
    const requestId = `standalone-${randomUUID()}`;
    const sent = await call(
      "POST",
      `/chats/${chatId}/messages`,
      alice,
      { content },
      { "x-request-id": requestId },
    );
    expect(sent.status).toBe(201);
    const frame = await waitFor(() => socket.frames.find((f) => f.type === "new_message"), {
      what: "new_message",
    });
    expect(frame).toMatchObject({ chatId, message: { content, seq: 1 } });
    socket.socket.close();

    const logLines = () =>
      running
        ?.output()
        .split("\n")
        .filter((line) => line.includes(requestId)) ?? [];
    await waitFor(() => logLines().some((line) => line.includes('"app":"api"')), {
      what: "the api's log line with the request id",
    });
    await waitFor(
      () => logLines().some((line) => line.includes('"app":"realtime"') && line.includes("frame relayed")),
      {
        what: "the realtime node's delivery line with the same request id",
      },
    );
    expect(running?.output()).not.toContain(content);
  });

  it("accepts the tokens `pnpm token` prints, a moderator's included", async () => {
    const call = restClient(ports.API_PORT);
    const mint = async (...args: string[]) =>
      (await execFileAsync("pnpm", ["--silent", "token", ...args], { cwd: REPO_ROOT, env })).stdout.trim();
    const moderator = await mint("sa-mod1", "moderator");
    const carol = await mint("sa-carol");
    const claims = JSON.parse(Buffer.from(moderator.split(".")[1] ?? "", "base64url").toString()) as {
      role: string;
    };
    expect(claims.role).toBe("moderator");
    expect((await call("GET", "/chats", moderator)).status).toBe(200);
    expect((await call("GET", "/chats", carol)).status).toBe(200);
    expect((await call("GET", "/chats", "not-a-token")).status).toBe(401);
  });

  it("exits 0 on SIGTERM, and a restart on the same data directory still has the chat and its message", async () => {
    expect(await running?.stop("SIGTERM")).toBe(0);
    expect(running?.output()).toContain("stopped; data is kept for the next start");
    running = await startStandaloneProcess(env);
    const call = restClient(ports.API_PORT);
    const page = await call<{ items: { content: string; seq: number }[] }>(
      "GET",
      `/chats/${chatId}/messages?after=0`,
      bob,
    );
    expect(page.status).toBe(200);
    expect(page.body.items.map((m) => [m.seq, m.content])).toEqual([[1, content]]);
    expect(await running.stop("SIGTERM")).toBe(0);
  });
});
