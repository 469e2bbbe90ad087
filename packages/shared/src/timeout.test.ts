import { describe, expect, it } from "vitest";
import { TimeoutError, withTimeout } from "./timeout";

describe("withTimeout", () => {
  it("passes through the value and the rejection of a promise that settles in time", async () => {
    await expect(withTimeout(Promise.resolve(7), 1000)).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error("refused")), 1000)).rejects.toThrow("refused");
  });

  it("rejects with a TimeoutError naming the operation when the promise never settles", async () => {
    const error = await withTimeout(new Promise(() => {}), 5, "bus publish").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe("bus publish timed out after 5 ms");
  });
});
