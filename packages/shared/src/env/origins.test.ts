import { describe, expect, it } from "vitest";
import { allowedOrigins, DEV_ALLOWED_ORIGINS, isOriginListed } from "./origins";

describe("isOriginListed", () => {
  it("admits any port of a `:*` pattern, and the default port, but no other host or scheme", () => {
    for (const origin of [
      "http://localhost:8003",
      "http://localhost:5173",
      "http://127.0.0.1:1",
      "http://localhost",
    ]) {
      expect(isOriginListed(origin, DEV_ALLOWED_ORIGINS), origin).toBe(true);
    }
    for (const origin of [
      "https://localhost:8003",
      "http://localhost.evil.example:8003",
      "http://localhost:8003.evil.example",
      "http://localhost:",
      "http://evil.example",
      "http://127.0.0.2:8003",
      "null",
    ]) {
      expect(isOriginListed(origin, DEV_ALLOWED_ORIGINS), origin).toBe(false);
    }
  });

  it("matches other entries exactly, and `*` admits everything", () => {
    const listed = ["https://app.gametrade.example"];
    expect(isOriginListed("https://app.gametrade.example", listed)).toBe(true);
    expect(isOriginListed("https://app.gametrade.example:444", listed)).toBe(false);
    expect(isOriginListed("https://evil.example", [])).toBe(false);
    expect(isOriginListed("https://evil.example", ["*"])).toBe(true);
  });
});

describe("allowedOrigins", () => {
  it("joins ALLOWED_ORIGINS and the older WS_ALLOWED_ORIGINS", () => {
    expect(
      allowedOrigins({ ALLOWED_ORIGINS: ["https://a.test"], WS_ALLOWED_ORIGINS: ["https://b.test"] }),
    ).toEqual(["https://a.test", "https://b.test"]);
    expect(allowedOrigins({ ALLOWED_ORIGINS: ["https://a.test"] })).toEqual(["https://a.test"]);
  });
});
