import { appendMessage, createChat, findChatByOrder, findUsers } from "@chat/db/queries";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { createMemoryPresence, type Presence } from "@chat/shared/presence";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Adapter, startTestWorker, type TestWorker, uniqueId, waitFor } from "./testing/harness";

const rabbitUrl = await serviceUrl("rabbitmq");
const adapters: Adapter[] = rabbitUrl ? ["memory", "amqp"] : ["memory"];

/** Presence that fails for chosen users a given number of times: a transient dependency failure. */
function flakyPresence(): Presence & {
  failFor(userId: string, times: number, code?: string): void;
  calls(userId: string): number;
} {
  const inner = createMemoryPresence();
  const failures = new Map<string, number>();
  const codes = new Map<string, string>();
  const calls = new Map<string, number>();
  return {
    ...inner,
    async online(ids) {
      for (const id of ids) {
        calls.set(id, (calls.get(id) ?? 0) + 1);
        const left = failures.get(id) ?? 0;
        if (left > 0) {
          failures.set(id, left - 1);
          throw Object.assign(new Error("presence unavailable"), { code: codes.get(id) });
        }
      }
      return inner.online(ids);
    },
    failFor: (userId, times, code) => {
      failures.set(userId, times);
      if (code) codes.set(userId, code);
    },
    calls: (userId) => calls.get(userId) ?? 0,
  };
}

describe.each(adapters)("delivery guarantees on the %s queue", (adapter) => {
  let db: TestDatabase;
  let worker: TestWorker;
  const presence = flakyPresence();

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startTestWorker({ adapter, db, rabbitUrl, presence });
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  it("poison messages (bad JSON, schema failure, unknown type) are dead-lettered with the reason and later events flow", async () => {
    const before = (await worker.deadLetters()).length;
    await worker.sendRaw("marketplace", "order.created", Buffer.from("{not json"));
    await worker.send("marketplace", "order.created", { orderId: "o-1", buyerId: "b" });
    await worker.send("marketplace", "order.refunded", { orderId: "o-2", buyerId: "b", sellerId: "s" });
    await worker.sendRaw("users", "user.created", Buffer.from(JSON.stringify({ hello: "world" })));
    const order = { orderId: uniqueId("order"), buyerId: uniqueId("buyer"), sellerId: uniqueId("seller") };
    await worker.send("marketplace", "order.created", order);

    await waitFor(() => findChatByOrder(db.db, order.orderId), {
      what: "the valid event after the poison ones",
    });
    const letters = await waitFor(async () => {
      const found = (await worker.deadLetters()).slice(before);
      return found.length >= 4 ? found : null;
    });
    const reasons = letters.map((letter) => letter.reason);
    expect(reasons).toContain("invalid JSON");
    expect(
      reasons.some((reason) => reason.startsWith("invalid order.created") && reason.includes("sellerId")),
    ).toBe(true);
    expect(reasons).toContain("unknown event type order.refunded");
    expect(reasons.some((reason) => reason.startsWith("not a CloudEvents 1.0 event"))).toBe(true);
    expect(letters.find((letter) => letter.reason === "invalid JSON")?.body).toBe("{not json");
  });

  async function messageTo(recipient: string) {
    const sender = uniqueId("sender");
    return db.db.transaction(async (tx) => {
      const { chat } = await createChat(tx, {
        type: "group",
        title: "t",
        ownerId: sender,
        members: [
          { userId: sender, role: "owner" },
          { userId: recipient, role: "member" },
        ],
      });
      const { message } = await appendMessage(tx, {
        chatId: chat.id,
        senderId: sender,
        content: "x",
      });
      return message;
    });
  }

  const notified = async (messageId: string) => {
    const rows = await db.sql`
      select 1 from outbox where routing_key = 'notification.requested' and event->'data'->>'messageId' = ${messageId}`;
    return rows.length;
  };

  it("a transient failure is retried with back-off and then applied once", async () => {
    const recipient = uniqueId("recipient");
    presence.failFor(recipient, 2);
    const message = await messageTo(recipient);
    await waitFor(async () => (await notified(message.id)) === 1, { what: "notification after retries" });
    expect(presence.calls(recipient)).toBe(3);
  });

  it("a message that keeps failing is dead-lettered at the delivery limit, and others keep flowing", async () => {
    const recipient = uniqueId("recipient");
    presence.failFor(recipient, 1000);
    const message = await messageTo(recipient);
    const letter = await waitFor(async () =>
      (await worker.deadLetters()).find((item) => item.body.includes(message.id)),
    );
    expect(letter.reason).toBe("failed 3 times: presence unavailable");
    expect(presence.calls(recipient)).toBe(3);
    expect(await notified(message.id)).toBe(0);
    const id = uniqueId("user");
    await worker.send("users", "user.created", { id, name: "next" });
    await waitFor(async () => (await findUsers(db.db, [id]))[0]);
  });

  it("while a dependency is unreachable the message is held, not spent against the delivery limit", async () => {
    const recipient = uniqueId("recipient");
    presence.failFor(recipient, 5, "ECONNREFUSED");
    const message = await messageTo(recipient);
    await waitFor(async () => (await notified(message.id)) === 1, { what: "notification after the outage" });
    expect(presence.calls(recipient)).toBe(6);
    expect((await worker.deadLetters()).some((item) => item.body.includes(message.id))).toBe(false);
  });

  it("/health answers, /ready checks PostgreSQL, the bus and the broker, /metrics counts events", async () => {
    const base = `http://127.0.0.1:${worker.handle.httpPort}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      checks: { postgres: "ok", bus: "ok", rabbitmq: "ok" },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/chat_worker_events_total\{consumer="orders",outcome="processed"\} \d+/);
    expect(metrics).toMatch(/chat_worker_events_total\{consumer="orders",outcome="invalid"\} [1-9]/);
    expect(metrics).toMatch(/chat_worker_outbox_published_total\{destination="chat"\} [1-9]/);
    expect(metrics).toMatch(/chat_worker_outbox_relay_lag_seconds_count [1-9]/);
    expect(metrics).toMatch(/chat_worker_outbox_backlog \d+/);
    expect(metrics).toMatch(/chat_worker_dead_letters_total\{queue="[^"]+\.orders"\} [1-9]/);
    expect(metrics).toMatch(/chat_worker_event_lag_seconds_count\{consumer="orders"\} [1-9]/);
    expect(metrics).toMatch(/chat_worker_outbox_oldest_age_seconds \d/);
  });
});
