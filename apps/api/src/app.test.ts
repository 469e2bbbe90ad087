import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createDbClient } from "@chat/db";
import { createMemoryBus } from "@chat/shared/bus";
import { createLogger } from "@chat/shared/logger";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { ApiConfig } from "./config";
import { createTestApi, TEST_SECRET, type TestApi, uniqueId } from "./testing/harness";

const execFileAsync = promisify(execFile);
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ config: { BODY_LIMIT_BYTES: 1024, USER_CACHE_TTL_MS: 0 } });
});
afterAll(async () => {
  await api.close();
});

/** The contract's REST table, as OpenAPI paths. */
const REST_TABLE = [
  ["post", "/chats"],
  ["get", "/chats"],
  ["get", "/chats/{id}"],
  ["get", "/chats/{id}/members"],
  ["patch", "/chats/{id}"],
  ["post", "/chats/{id}/messages"],
  ["get", "/chats/{id}/messages"],
  ["patch", "/chats/{id}/messages/{mid}"],
  ["delete", "/chats/{id}/messages/{mid}"],
  ["post", "/chats/{id}/read"],
  ["post", "/chats/{id}/dispute"],
  ["post", "/chats/{id}/moderator"],
  ["post", "/chats/{id}/resolve"],
  ["get", "/health"],
  ["get", "/ready"],
] as const;

describe("OpenAPI", () => {
  it("serves a valid OpenAPI 3.1 document that lists every route of the REST table with bearer security", async () => {
    const res = await api.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    await SwaggerParser.validate(structuredClone(res.body));
    for (const [method, path] of REST_TABLE) {
      expect(res.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(res.body.components.schemas)).toEqual(
      expect.arrayContaining(["Problem", "Message", "ChatDetail", "Dispute", "SendMessageBody"]),
    );
    const send = res.body.paths["/chats/{id}/messages"].post;
    expect(send.security).toEqual([{ bearer: [] }]);
    expect(send.responses["429"].content["application/problem+json"]).toBeDefined();
  });

  it("names every operation, describes its headers and gives an example for every body", async () => {
    const doc = (await api.call("GET", "/openapi.json")).body;
    expect(doc.servers?.length).toBeGreaterThan(0);
    const ids: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        const where = `${method} ${path}`;
        expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        ids.push(operation.operationId);
        for (const media of Object.values<any>(operation.requestBody?.content ?? {})) {
          expect(media.example, `${where} request`).toBeDefined();
        }
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          expect(response.headers?.["X-Request-Id"], `${where} ${status}`).toBeDefined();
          for (const media of Object.values<any>(response.content ?? {})) {
            expect(media.example, `${where} ${status}`).toBeDefined();
          }
        }
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    const send = doc.paths["/chats/{id}/messages"].post;
    expect(Object.keys(send.responses["201"].headers)).toEqual(
      expect.arrayContaining(["RateLimit-Remaining"]),
    );
    expect(Object.keys(send.responses["429"].headers)).toEqual(
      expect.arrayContaining(["Retry-After", "RateLimit-Reset"]),
    );
  });

  it("passes `redocly lint` with the recommended rules, without errors", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "openapi-"));
    try {
      const file = path.join(dir, "openapi.json");
      await writeFile(file, JSON.stringify((await api.call("GET", "/openapi.json")).body));
      const redocly = fileURLToPath(new URL("../node_modules/.bin/redocly", import.meta.url));
      const { stdout } = await execFileAsync(
        redocly,
        ["lint", file, "--extends=recommended", "--format=json"],
        {
          env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
        },
      );
      const report = JSON.parse(stdout.slice(stdout.indexOf("{")));
      const errors = report.problems.filter((problem: { severity: string }) => problem.severity === "error");
      expect(errors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("serves the Scalar reference page at /docs, and its script, without naming any other host", async () => {
    const res = await api.app.request("/docs");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("/openapi.json");
    expect(page.match(/(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'`<>)]+/gi) ?? []).toEqual([]);
    const scripts = [...page.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1] ?? "");
    expect(scripts).toEqual(["/docs/scalar.js"]);
    const script = await api.app.request("/docs/scalar.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(await script.text()).toContain("createApiReference");
  });
});

describe("input handling", () => {
  let token: string;
  let chatId: string;
  beforeAll(async () => {
    token = await api.token(uniqueId("u"));
    const chat = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "t", memberIds: [] },
    });
    chatId = chat.body.id;
  });

  it("answers a body that is not application/json with 415", async () => {
    const res = await api.call("POST", `/chats/${chatId}/messages`, {
      token,
      body: JSON.stringify({ content: "x" }),
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const none = await api.app.request(`/chats/${chatId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: "{}",
    });
    expect(none.status).toBe(415);
  });

  it("answers malformed JSON with a 400 problem", async () => {
    const res = await api.call("POST", `/chats/${chatId}/messages`, { token, body: '{"content": "x"' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("BAD_REQUEST");
  });

  it("answers a body over BODY_LIMIT_BYTES with 413, chunked or not", async () => {
    const big = JSON.stringify({ content: "x".repeat(2000) });
    const res = await api.call("POST", `/chats/${chatId}/messages`, { token, body: big });
    expect(res.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await api.app.request(`/chats/${chatId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("answers an unknown route with a 404 problem and a wrong method with 405 and Allow", async () => {
    const unknown = await api.call("GET", "/nope", { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("NOT_FOUND");
    const wrong = await api.call("DELETE", `/chats/${chatId}`, { token });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, PATCH");
  });

  it("answers a malformed chat id with the same 404 as an unknown one", async () => {
    const res = await api.call("GET", "/chats/not-a-uuid", { token });
    expect(res.status).toBe(404);
  });

  it("echoes a well-formed X-Request-Id and replaces a malformed one", async () => {
    const kept = await api.call("GET", "/health", { headers: { "x-request-id": "abc-123" } });
    expect(kept.headers.get("x-request-id")).toBe("abc-123");
    const replaced = await api.call("GET", "/health", { headers: { "x-request-id": "bad id\u0001" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await api.call("GET", "/chats", { headers: { "x-request-id": "trace-1" } });
    expect(problem.body.requestId).toBe("trace-1");
    expect(problem.headers.get("x-request-id")).toBe("trace-1");
  });
});

describe("authentication", () => {
  it("answers missing, malformed and expired tokens with 401", async () => {
    expect((await api.call("GET", "/chats")).status).toBe(401);
    expect((await api.call("GET", "/chats", { token: "garbage" })).status).toBe(401);
    const expired = await api.token(uniqueId("u"), "user", { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const res = await api.call("GET", "/chats", { token: expired });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe("token expired");
  });

  it("remembers the caller with the token's name on the first request", async () => {
    const id = uniqueId("newcomer");
    await api.call("GET", "/chats", { token: await api.token(id) });
    const [row] = await api.db.sql`select name from users where id = ${id}`;
    expect(row?.name).toBe(`${id} name`);
  });

  it("gives a banned user 403 on every route once the ban is recorded", async () => {
    const id = uniqueId("banned");
    const token = await api.token(id);
    const chat = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "t", memberIds: [] },
    });
    await api.db.sql`update users set banned_at = now() where id = ${id}`;
    expect((await api.call("GET", "/chats", { token })).status).toBe(403);
    expect((await api.call("GET", `/chats/${chat.body.id}`, { token })).status).toBe(403);
    const send = await api.call("POST", `/chats/${chat.body.id}/messages`, { token, body: { content: "x" } });
    expect(send.status).toBe(403);
  });
});

describe("health, readiness and metrics", () => {
  it("reports liveness, readiness of PostgreSQL and the bus, and Prometheus metrics by route pattern", async () => {
    expect((await api.call("GET", "/health")).body).toEqual({ status: "ok" });
    const ready = await api.call("GET", "/ready");
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: "ok", bus: "ok" });
    const metrics = await api.app.request("/metrics");
    const text = await metrics.text();
    expect(text).toContain("chat_api_http_request_duration_seconds_bucket");
    expect(text).toContain('route="/chats/:id"');
    expect(text).toContain("chat_api_messages_sent_total");
    expect(text).toContain("chat_api_bus_publish_failures_total");
  });
});

describe("strings PostgreSQL cannot store", () => {
  it("refuses NUL characters in any body string as a field error instead of failing in the database", async () => {
    const token = await api.token(uniqueId("u"));
    const title = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "a\u0000", memberIds: [] },
    });
    expect(title.status).toBe(400);
    expect(title.body.errors).toEqual([{ path: "title", message: "must not contain NUL characters" }]);
    const member = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "t", memberIds: ["a\u0000"] },
    });
    expect(member.status).toBe(400);
    expect(member.body.errors[0].path).toBe("memberIds.0");
    const chat = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "t", memberIds: [] },
    });
    const content = await api.call("POST", `/chats/${chat.body.id}/messages`, {
      token,
      body: { content: "x\u0000" },
    });
    expect(content.status).toBe(400);
    const literal = await api.call("POST", `/chats/${chat.body.id}/messages`, {
      token,
      body: { content: "a \\u0000 b" },
    });
    expect(literal.status).toBe(201);
  });

  it("answers a 4,000-deep body with 400, whether a NUL sits at the bottom or not", async () => {
    const deepApi = await createTestApi({ db: api.db });
    try {
      const token = await deepApi.token(uniqueId("u"));
      const nest = (leaf: string) => `${"[".repeat(4000)}${leaf}${"]".repeat(4000)}`;
      const withNul = await deepApi.call("POST", "/chats", {
        token,
        body: `{"type":"group","title":"t","memberIds":${nest('"\\u0000"')}}`,
      });
      expect(withNul.status).toBe(400);
      expect(withNul.body.errors[0].path).toBe(`memberIds${".0".repeat(4000)}`);
      const withoutNul = await deepApi.call("POST", "/chats", {
        token,
        body: `{"type":"group","title":"t","memberIds":${nest('"x"')}}`,
      });
      expect(withoutNul.status).toBe(400);
    } finally {
      await deepApi.close();
    }
  });

  it("reports at most ten NUL strings of a body that holds dozens", async () => {
    const token = await api.token(uniqueId("u"));
    const res = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "t", memberIds: Array.from({ length: 60 }, () => "\u0000") },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(10);
    expect(res.body.errors[9].path).toBe("memberIds.9");
  });

  it("refuses a token whose subject holds a NUL character with 401", async () => {
    const res = await api.call("GET", "/chats", { token: await api.token("evil\u0000id") });
    expect(res.status).toBe(401);
  });

  it("refuses a token whose subject is a user id padded with whitespace, instead of reading that user's chats", async () => {
    const victim = uniqueId("victim");
    const chat = await api.call("POST", "/chats", {
      token: await api.token(victim),
      body: { type: "group", title: "private matters", memberIds: [] },
    });
    expect(chat.status).toBe(201);
    for (const padded of [` ${victim}\t`, `${victim} `]) {
      const token = await api.token(padded);
      expect((await api.call("GET", "/chats", { token })).status).toBe(401);
      expect((await api.call("GET", `/chats/${chat.body.id}`, { token })).status).toBe(401);
    }
  });
});

describe("PostgreSQL unreachable", () => {
  it("answers 503 with Retry-After (not 500) and /ready names the failing check", async () => {
    const db = createDbClient("postgres://postgres@127.0.0.1:1/none", { max: 1 });
    const bus = createMemoryBus();
    const down = createApp({
      config: ApiConfig.parse({ JWT_SECRET: TEST_SECRET }),
      db,
      bus,
      logger: createLogger({ name: "api-test", level: "silent" }),
      registry: new Registry(),
    });
    try {
      const res = await down.app.request("/chats", {
        headers: { authorization: `Bearer ${await api.token(uniqueId("u"))}` },
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      const ready = await down.app.request("/ready");
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: unknown }).checks).toEqual({ postgres: "failed", bus: "ok" });
    } finally {
      await down.close();
      await bus.close();
      await db.close();
    }
  });
});
