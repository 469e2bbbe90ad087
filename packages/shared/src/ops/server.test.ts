import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Readiness } from "./readiness";
import { type OpsServer, startOpsServer } from "./server";

describe("ops server", () => {
  let server: OpsServer;
  let base: string;
  let draining = false;
  let postgresUp = true;
  const failures: string[] = [];

  beforeAll(async () => {
    server = await startOpsServer({
      host: "127.0.0.1",
      port: 0,
      portVariable: "TEST_OPS_PORT",
      registry: { contentType: "text/plain; version=0.0.4", metrics: async () => "chat_up 1\n" },
      checks: {
        postgres: async () => {
          if (!postgresUp) throw new Error("ECONNREFUSED");
        },
        bus: async () => {},
        hung: () => (draining ? new Promise(() => {}) : Promise.resolve()),
      },
      timeoutMs: 50,
      isDraining: () => draining,
      onFailure: (name) => failures.push(name),
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  const ready = async () => {
    const res = await fetch(`${base}/ready`);
    return { status: res.status, body: Readiness.parse(await res.json()) };
  };

  it("answers /health, and /ready 200 with every check ok", async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
    expect(await ready()).toEqual({
      status: 200,
      body: { status: "ready", checks: { postgres: "ok", bus: "ok", hung: "ok" } },
    });
  });

  it("answers /ready 503 naming the failed check, and tells onFailure why", async () => {
    postgresUp = false;
    try {
      expect(await ready()).toEqual({
        status: 503,
        body: { status: "unavailable", checks: { postgres: "failed", bus: "ok", hung: "ok" } },
      });
      expect(failures).toContain("postgres");
    } finally {
      postgresUp = true;
    }
  });

  it("answers 503 draining while draining, and counts a check that never answers as failed", async () => {
    draining = true;
    try {
      expect(await ready()).toEqual({
        status: 503,
        body: { status: "draining", checks: { postgres: "ok", bus: "ok", hung: "failed" } },
      });
    } finally {
      draining = false;
    }
  });

  it("serves /metrics in the registry's content type, 404 elsewhere, 405 for writes", async () => {
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get("content-type")).toBe("text/plain; version=0.0.4");
    expect(await metrics.text()).toBe("chat_up 1\n");
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/ready`, { method: "POST" })).status).toBe(405);
  });

  it("refuses a port already taken with an error that names the variable to set", async () => {
    const second = startOpsServer({
      host: "127.0.0.1",
      port: server.port,
      portVariable: "TEST_OPS_PORT",
      registry: { contentType: "text/plain", metrics: async () => "" },
      checks: {},
    });
    await expect(second).rejects.toThrow(
      `ops port ${server.port} is in use (another node on this host?): set TEST_OPS_PORT to a free port, or 0 for any`,
    );
  });
});
