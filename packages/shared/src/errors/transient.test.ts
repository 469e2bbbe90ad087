import { describe, expect, it } from "vitest";
import { isTransientError } from "./transient";

const withCode = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

describe("isTransientError", () => {
  it.each([
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "EPIPE",
    "CONNECTION_CLOSED",
    "CONNECTION_ENDED",
    "CONNECTION_DESTROYED",
    "CONNECT_TIMEOUT",
    "08000",
    "08003",
    "08006",
    "08P01",
    "40001",
    "40P01",
    "53300",
    "57014",
    "57P01",
    "57P02",
    "57P03",
  ])("retries %s", (code) => {
    expect(isTransientError(withCode(code))).toBe(true);
  });

  it.each([
    "23505", // unique violation: a bug or a conflict, never fixed by retrying
    "23503",
    "22P02",
    "42P01",
    "0800", // not a SQLSTATE
    "ENOENT",
    "ERR_INVALID_ARG_TYPE",
  ])("does not retry %s", (code) => {
    expect(isTransientError(withCode(code))).toBe(false);
  });

  it("recognises ioredis's connection failures by their message", () => {
    expect(isTransientError(new Error("Connection is closed."))).toBe(true);
    expect(
      isTransientError(
        new Error("Reached the max retries per request limit (which is 20). MaxRetriesPerRequestError"),
      ),
    ).toBe(true);
    expect(
      isTransientError(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
    ).toBe(true);
  });

  it("looks through the cause chain, to a bounded depth", () => {
    expect(isTransientError(new Error("query failed", { cause: withCode("57P01") }))).toBe(true);
    let deep: unknown = withCode("ECONNREFUSED");
    for (let i = 0; i < 5; i++) deep = new Error("wrapped", { cause: deep });
    expect(isTransientError(deep)).toBe(false);
  });

  it("answers false for anything that is not an error object", () => {
    for (const value of [undefined, null, "ECONNREFUSED", 42, { code: 57014 }]) {
      expect(isTransientError(value)).toBe(false);
    }
  });
});
