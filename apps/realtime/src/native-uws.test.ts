import { describe, expect, it } from "vitest";
import { assertNativeUws } from "./native-uws";
import { spawnApp } from "./testing/processes";

describe("the native uWebSockets.js build", () => {
  it("is what this runtime loaded", () => {
    expect(() => assertNativeUws()).not.toThrow();
  });

  it("a JS fallback is refused with a message that names the supported runtimes", () => {
    expect(() => assertNativeUws(class FallbackApp {}, "v22.1.0")).toThrow(
      /Node\.js v22\.1\.0.*Node\.js 16, 18 or 20/,
    );
  });

  it("a realtime process on the fallback exits with that message instead of serving sockets that hang", async () => {
    const app = spawnApp("realtime", {
      UWS_USE_FALLBACK: "1",
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/unused",
      REDIS_URL: "redis://127.0.0.1:1",
      JWT_SECRET: "native-uws-test-secret-that-is-long-enough",
      REALTIME_PORT: "0",
      REALTIME_HTTP_PORT: "0",
    });
    expect(await app.exited).not.toBe(0);
    expect(app.output.join("")).toContain("Node.js 16, 18 or 20");
  });
});
