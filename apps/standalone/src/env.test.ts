import { describe, expect, it } from "vitest";
import { StandaloneEnv } from "./env";

describe("standalone environment", () => {
  it("listens on 127.0.0.1 by default: the development secret is public, so the network must not reach it", () => {
    expect(StandaloneEnv.parse({}).HOST).toBe("127.0.0.1");
  });

  it("HOST still opens it on purpose", () => {
    expect(StandaloneEnv.parse({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });
});
