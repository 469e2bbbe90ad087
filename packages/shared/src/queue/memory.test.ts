import { describe, expect, it } from "vitest";
import { topicMatches } from "./backoff";
import { createMemoryQueue } from "./memory";
import { PoisonMessageError } from "./port";

const event = (id: string) => ({
  specversion: "1.0" as const,
  id,
  source: "/test",
  type: "order.created",
  time: new Date().toISOString(),
  data: {},
});

async function until(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("topic routing", () => {
  it.each([
    ["order.*", "order.created", true],
    ["order.*", "order.status.changed", false],
    ["order.#", "order.status.changed", true],
    ["#", "anything.at.all", true],
    ["chat.message.created", "chat.message.created", true],
    ["*.created", "user.created", true],
    ["user.*", "order.created", false],
  ])("%s matches %s: %s (as RabbitMQ topic exchanges do)", (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });
});

describe("in-process queue", () => {
  it("delivers a published event to every bound queue once, and acks on success", async () => {
    const queue = createMemoryQueue();
    const a: string[] = [];
    const b: string[] = [];
    await queue.consume({
      queue: "a",
      bindings: [{ exchange: "x", routingKey: "order.*" }],
      handle: async (raw) => void a.push(JSON.parse(raw.toString()).id),
    });
    await queue.consume({
      queue: "b",
      bindings: [{ exchange: "x", routingKey: "#" }],
      handle: async (raw) => void b.push(JSON.parse(raw.toString()).id),
    });
    await queue.publish("x", "order.created", event("1"));
    await queue.publish("other", "order.created", event("2"));
    await until(() => a.length === 1 && b.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([a, b]).toEqual([["1"], ["1"]]);
    await queue.close();
  });

  it("redelivers after a transient failure with back-off, then dead-letters at the delivery limit", async () => {
    const queue = createMemoryQueue({ deliveryLimit: 3, retryBaseMs: 5, retryMaxMs: 20 });
    const attempts = new Map<string, number>();
    await queue.consume({
      queue: "q",
      bindings: [{ exchange: "x", routingKey: "#" }],
      async handle(raw) {
        const id = JSON.parse(raw.toString()).id as string;
        const count = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, count);
        if (id === "flaky" && count < 2) throw new Error("db down");
        if (id === "broken") throw new Error("always");
      },
    });
    await queue.publish("x", "k", event("flaky"));
    await queue.publish("x", "k", event("broken"));
    await until(() => queue.deadLetters().length === 1 && attempts.get("flaky") === 2);
    expect(attempts.get("broken")).toBe(3);
    expect(queue.deadLetters()[0]).toMatchObject({
      queue: "q",
      reason: "failed 3 times: always",
      attempts: 3,
    });
    await queue.close();
  });

  it("dead-letters a poison message at once with its reason, and keeps delivering the next ones", async () => {
    const queue = createMemoryQueue();
    const handled: string[] = [];
    await queue.consume({
      queue: "q",
      bindings: [{ exchange: "x", routingKey: "#" }],
      async handle(raw) {
        const text = raw.toString();
        if (!text.startsWith("{")) throw new PoisonMessageError("invalid JSON");
        handled.push(JSON.parse(text).id);
      },
    });
    await queue.publishRaw("x", "k", Buffer.from("garbage"));
    await queue.publish("x", "k", event("after"));
    await until(() => handled.length === 1);
    expect(queue.deadLetters()).toMatchObject([
      { reason: "invalid JSON", attempts: 1, body: Buffer.from("garbage") },
    ]);
    await queue.close();
  });

  it("never runs more handlers at once than the prefetch, and cancel waits for those in flight", async () => {
    const queue = createMemoryQueue({ prefetch: 2 });
    let running = 0;
    let peak = 0;
    let done = 0;
    const subscription = await queue.consume({
      queue: "q",
      bindings: [{ exchange: "x", routingKey: "#" }],
      async handle() {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
        done += 1;
      },
    });
    for (let index = 0; index < 10; index++) await queue.publish("x", "k", event(String(index)));
    await until(() => done >= 3);
    await subscription.cancel();
    expect(running).toBe(0);
    expect(peak).toBe(2);
    await queue.close();
  });
});
