import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing/harness";

const LISTED = "https://app.gametrade.example";
const LOCAL = "http://localhost:5173";
const EVIL = "https://evil.example";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ config: { ALLOWED_ORIGINS: `${LISTED}, http://localhost:*` } });
});
afterAll(async () => {
  await api.close();
});

function preflight(origin: string, path = "/chats/x/messages") {
  return api.app.request(path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    },
  });
}

describe("CORS", () => {
  it("answers a preflight for a listed origin without a token", async () => {
    for (const origin of [LISTED, LOCAL]) {
      const res = await preflight(origin);
      expect(res.status, origin).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
      expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    }
  });

  it("gives an unlisted origin no allow header, on preflights and on requests", async () => {
    for (const origin of [EVIL, "http://localhost.evil.example:5173", "https://localhost:5173"]) {
      const res = await preflight(origin);
      expect(res.headers.get("access-control-allow-origin"), origin).toBeNull();
      const get = await api.call("GET", "/chats", { token: await api.token("u-cors"), headers: { origin } });
      expect(get.status).toBe(200);
      expect(get.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });

  it("lets a listed origin read answers and errors, and the headers a client acts on", async () => {
    const ok = await api.call("GET", "/chats", {
      token: await api.token("u-cors"),
      headers: { origin: LISTED },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(ok.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
    expect(ok.headers.get("access-control-expose-headers")).toContain("Retry-After");
    const denied = await api.call("GET", "/chats", { headers: { origin: LISTED } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe(LISTED);
  });
});
