import { randomUUID } from "node:crypto";
import amqplib from "amqplib";
import { afterAll, describe, expect, it } from "vitest";
import { serviceUrl } from "../testing/services";
import { createAmqpQueue } from "./amqp";
import { topicMatches } from "./backoff";
import { createMemoryQueue } from "./memory";
import { DEAD_REASON_HEADER, type EventQueue, PoisonMessageError } from "./port";

const rabbitUrl = await serviceUrl("rabbitmq");

const event = (id: string) => ({
  specversion: "1.0" as const,
  id,
  source: "/test",
  type: "order.created",
  time: new Date().toISOString(),
  data: {},
});

const idOf = (raw: Buffer) => JSON.parse(raw.toString()).id as string;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface QueueOptions {
  deliveryLimit?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  prefetch?: number;
}

/** One adapter under test, with what the suite needs beyond the port: raw bytes in, dead letters out. */
interface Harness {
  queue: EventQueue;
  /** A queue or exchange name of this run, so runs against a shared broker never meet. */
  name(suffix: string): string;
  publishRaw(exchange: string, routingKey: string, body: Buffer): Promise<void>;
  deadLetters(): Promise<{ reason: string; body: Buffer }[]>;
}

type Adapter = (options: QueueOptions) => Promise<Harness>;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const memory: Adapter = async (options) => {
  const queue = createMemoryQueue({ retryBaseMs: 5, retryMaxMs: 20, ...options });
  cleanups.push(() => queue.close());
  return {
    queue,
    name: (suffix) => suffix,
    publishRaw: (exchange, routingKey, body) => queue.publishRaw(exchange, routingKey, body),
    deadLetters: async () => queue.deadLetters().map(({ reason, body }) => ({ reason, body })),
  };
};

const amqp: Adapter = async (options) => {
  const prefix = `queue-suite-${randomUUID()}`;
  const names = new Set<string>();
  const name = (suffix: string) => {
    names.add(`${prefix}.${suffix}`);
    return `${prefix}.${suffix}`;
  };
  const deadLetterQueue = name("dead-letter");
  const queue = createAmqpQueue({
    url: rabbitUrl ?? "",
    deadLetterExchange: deadLetterQueue,
    deadLetterQueue,
    deliveryLimit: 5,
    prefetch: 32,
    retryBaseMs: 5,
    retryMaxMs: 20,
    ...options,
  });
  const connection = await amqplib.connect(rabbitUrl ?? "");
  const channel = await connection.createChannel();
  cleanups.push(async () => {
    await queue.close();
    for (const each of names) {
      await channel.deleteQueue(each);
      await channel.deleteExchange(each);
    }
    await connection.close();
  });
  const dead: { reason: string; body: Buffer }[] = [];
  return {
    queue,
    name,
    publishRaw: async (exchange, routingKey, body) => void channel.publish(exchange, routingKey, body),
    async deadLetters() {
      await queue.ping();
      for (let message = await channel.get(deadLetterQueue, { noAck: true }); message; ) {
        dead.push({
          reason: String(message.properties.headers?.[DEAD_REASON_HEADER]),
          body: message.content,
        });
        message = await channel.get(deadLetterQueue, { noAck: true });
      }
      return dead;
    },
  };
};

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

const adapters: [string, Adapter | null][] = [
  ["in-process", memory],
  ["RabbitMQ", rabbitUrl ? amqp : null],
];

describe.each(adapters)("the %s queue", (_name, adapter) => {
  const open = (options: QueueOptions = {}) => (adapter as Adapter)(options);

  it.skipIf(!adapter)(
    "delivers a published event to every bound queue once, and acks on success",
    async () => {
      const { queue, name } = await open();
      const x = name("x");
      const a: string[] = [];
      const b: string[] = [];
      await queue.consume({
        queue: name("a"),
        bindings: [{ exchange: x, routingKey: "order.*" }],
        handle: async (raw) => void a.push(idOf(raw)),
      });
      await queue.consume({
        queue: name("b"),
        bindings: [{ exchange: x, routingKey: "#" }],
        handle: async (raw) => void b.push(idOf(raw)),
      });
      await queue.publish(x, "order.created", event("1"));
      await queue.publish(name("other"), "order.created", event("2"));
      await queue.publish(x, "order.sentinel", event("sentinel"));
      await until(() => a.includes("sentinel") && b.includes("sentinel"));
      expect([a, b]).toEqual([
        ["1", "sentinel"],
        ["1", "sentinel"],
      ]);
    },
  );

  it.skipIf(!adapter)(
    "redelivers after a transient failure with back-off, then dead-letters at the delivery limit",
    async () => {
      const harness = await open({ deliveryLimit: 3 });
      const attempts = new Map<string, number>();
      await harness.queue.consume({
        queue: harness.name("q"),
        bindings: [{ exchange: harness.name("x"), routingKey: "#" }],
        async handle(raw) {
          const id = idOf(raw);
          const count = (attempts.get(id) ?? 0) + 1;
          attempts.set(id, count);
          if (id === "flaky" && count < 2) throw new Error("db down");
          if (id === "broken") throw new Error("always");
        },
      });
      await harness.queue.publish(harness.name("x"), "k", event("flaky"));
      await harness.queue.publish(harness.name("x"), "k", event("broken"));
      await until(async () => (await harness.deadLetters()).length === 1 && attempts.get("flaky") === 2);
      expect(attempts.get("broken")).toBe(3);
      expect((await harness.deadLetters())[0]?.reason).toBe("failed 3 times: always");
    },
  );

  it.skipIf(!adapter)(
    "dead-letters a poison message at once with its reason, and keeps delivering the next ones",
    async () => {
      const harness = await open();
      const handled: string[] = [];
      await harness.queue.consume({
        queue: harness.name("q"),
        bindings: [{ exchange: harness.name("x"), routingKey: "#" }],
        async handle(raw) {
          const text = raw.toString();
          if (!text.startsWith("{")) throw new PoisonMessageError("invalid JSON");
          handled.push(idOf(raw));
        },
      });
      await harness.publishRaw(harness.name("x"), "k", Buffer.from("garbage"));
      await harness.queue.publish(harness.name("x"), "k", event("after"));
      await until(() => handled.length === 1);
      await until(async () => (await harness.deadLetters()).length === 1);
      expect(await harness.deadLetters()).toEqual([{ reason: "invalid JSON", body: Buffer.from("garbage") }]);
    },
  );

  it.skipIf(!adapter)(
    "never runs more handlers at once than the prefetch, and cancel waits for those in flight",
    async () => {
      const { queue, name } = await open({ prefetch: 2 });
      let running = 0;
      let peak = 0;
      let done = 0;
      const subscription = await queue.consume({
        queue: name("q"),
        bindings: [{ exchange: name("x"), routingKey: "#" }],
        async handle() {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 10));
          running -= 1;
          done += 1;
        },
      });
      for (let index = 0; index < 10; index++) await queue.publish(name("x"), "k", event(String(index)));
      await until(() => done >= 3);
      await subscription.cancel();
      expect(running).toBe(0);
      expect(peak).toBe(2);
    },
  );

  it.skipIf(!adapter)(
    "a failed delivery holds its prefetch slot through its back-off and is retried before the next message",
    async () => {
      const { queue, name } = await open({ prefetch: 1, retryBaseMs: 30, retryMaxMs: 30 });
      const handled: string[] = [];
      await queue.consume({
        queue: name("q"),
        bindings: [{ exchange: name("x"), routingKey: "#" }],
        async handle(raw) {
          const id = idOf(raw);
          handled.push(id);
          if (id === "first" && handled.length === 1) throw new Error("db down");
        },
      });
      await queue.publish(name("x"), "k", event("first"));
      await queue.publish(name("x"), "k", event("second"));
      await until(() => handled.includes("second"));
      expect(handled).toEqual(["first", "first", "second"]);
    },
  );

  it.skipIf(!adapter)(
    "cancel cuts a back-off short and leaves the message to the next consumer",
    async () => {
      const { queue, name } = await open({ retryBaseMs: 600_000, retryMaxMs: 600_000 });
      const binding = { exchange: name("x"), routingKey: "#" };
      let failed = 0;
      const failing = await queue.consume({
        queue: name("q"),
        bindings: [binding],
        handle: async () => {
          failed += 1;
          throw new Error("db down");
        },
      });
      await queue.publish(name("x"), "k", event("held"));
      await until(() => failed === 1);
      await failing.cancel();
      const handled: string[] = [];
      await queue.consume({
        queue: name("q"),
        bindings: [binding],
        handle: async (raw) => void handled.push(idOf(raw)),
      });
      await until(() => handled.length === 1);
      expect([handled, failed]).toEqual([["held"], 1]);
    },
  );
});
