import { findChatByOrder, getChatDetail, listMessages } from "@chat/db/queries";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { type ChatBusMessage, channels } from "@chat/shared/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Adapter, startTestWorker, type TestWorker, uniqueId, waitFor } from "../testing/harness";

const rabbitUrl = await serviceUrl("rabbitmq");
const adapters: Adapter[] = rabbitUrl ? ["memory", "amqp"] : ["memory"];

describe.each(adapters)("order events on the %s queue", (adapter) => {
  let db: TestDatabase;
  let worker: TestWorker;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startTestWorker({ adapter, db, rabbitUrl });
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  const order = () => ({
    orderId: uniqueId("order"),
    buyerId: uniqueId("buyer"),
    sellerId: uniqueId("seller"),
  });
  const chatOf = (orderId: string) =>
    waitFor(() => findChatByOrder(db.db, orderId), { what: `chat of ${orderId}` });
  const chatCount = async (orderId: string) => {
    const [row] = await db.sql<
      { count: number }[]
    >`select count(*)::int as count from chats where order_id = ${orderId}`;
    return row?.count;
  };
  const messagesOf = async (chatId: string) => (await listMessages(db.db, { chatId, limit: 100 })).items;

  it("order.created opens one deal chat of buyer and seller with a system message and chat.created", async () => {
    const data = { ...order(), title: "Sword of Dawn" };
    await worker.send("marketplace", "order.created", data);
    const chat = await chatOf(data.orderId);
    const detail = await getChatDetail(db.db, chat.id);
    expect(detail?.type).toBe("deal");
    expect(detail?.members.map((member) => member.userId).sort()).toEqual(
      [data.buyerId, data.sellerId].sort(),
    );
    const [message] = await waitFor(async () => {
      const items = await messagesOf(chat.id);
      return items.length ? items : null;
    });
    expect(message).toMatchObject({ type: "system", senderId: null, seq: 1 });
    expect(message?.content).toContain("Sword of Dawn");
    const created = await db.sql`
      select 1 from outbox where routing_key = 'chat.created' and event->'data'->>'chatId' = ${chat.id}`;
    expect(created).toHaveLength(1);
  });

  it("the same order.created delivered twice, even at once, makes exactly one chat and one message", async () => {
    const data = order();
    const id = uniqueId("event");
    const before = await worker.settled("orders");
    await Promise.all([
      worker.send("marketplace", "order.created", data, id),
      worker.send("marketplace", "order.created", data, id),
    ]);
    await worker.send("marketplace", "order.created", data, id);
    await worker.send("marketplace", "order.created", data);
    const chat = await chatOf(data.orderId);
    await waitFor(async () => {
      const [row] = await db.sql<{ count: number }[]>`
        select count(*)::int as count from processed_events where consumer = 'orders' and event_id = ${id}`;
      return row?.count === 1;
    });
    // All four deliveries settled (two events processed, two duplicates skipped): none is left to add a chat.
    await waitFor(async () => {
      const now = await worker.settled("orders");
      return now.processed >= before.processed + 2 && now.duplicate >= before.duplicate + 2;
    });
    expect(await chatCount(data.orderId)).toBe(1);
    expect(await messagesOf(chat.id)).toHaveLength(1);
  });

  it("order.status_changed posts a system message and publishes it as new_message", async () => {
    const data = order();
    await worker.send("marketplace", "order.created", data);
    const chat = await chatOf(data.orderId);
    const frames: ChatBusMessage[] = [];
    await worker.bus.subscribe(channels.chat(chat.id), (payload) => frames.push(JSON.parse(payload)));
    await worker.send("marketplace", "order.status_changed", { ...data, status: "paid" });
    await waitFor(() => frames.find((item) => item.frame.type === "new_message"), {
      what: "new_message frame",
    });
    const items = await messagesOf(chat.id);
    expect(items.at(-1)?.content).toContain("paid");
    expect(items.map((message) => message.seq)).toEqual([1, 2]);
  });

  it.each([
    ["order.completed", "completed"],
    ["order.cancelled", "cancelled"],
  ] as const)(
    "%s posts a system message, makes the chat read-only and publishes chat_updated",
    async (type, status) => {
      const data = order();
      await worker.send("marketplace", "order.created", data);
      const chat = await chatOf(data.orderId);
      const frames: ChatBusMessage[] = [];
      await worker.bus.subscribe(channels.chat(chat.id), (payload) => frames.push(JSON.parse(payload)));
      await worker.send("marketplace", type, { ...data, reason: "buyer changed their mind" });
      const updated = await waitFor(() => frames.find((item) => item.frame.type === "chat_updated"));
      expect(updated.frame).toMatchObject({ chatId: chat.id, status });
      expect((await findChatByOrder(db.db, data.orderId))?.status).toBe(status);
      expect((await messagesOf(chat.id)).at(-1)?.type).toBe("system");
    },
  );

  it("order.disputed opens the dispute from the marketplace and says so in the chat", async () => {
    const data = order();
    await worker.send("marketplace", "order.created", data);
    const chat = await chatOf(data.orderId);
    await worker.send("marketplace", "order.disputed", { ...data, reason: "item never arrived" });
    const detail = await waitFor(async () => {
      const found = await getChatDetail(db.db, chat.id);
      return found?.openDispute ? found : null;
    });
    expect(detail.openDispute).toMatchObject({
      source: "marketplace",
      reason: "item never arrived",
      openedBy: null,
    });
    const last = (await messagesOf(chat.id)).at(-1);
    expect(last?.content).toContain("item never arrived");
    const opened = await db.sql`
      select 1 from outbox where routing_key = 'chat.dispute.opened' and event->'data'->>'chatId' = ${chat.id}`;
    expect(opened).toHaveLength(1);
  });

  it("an event for an order with no chat yet creates the chat first, so nothing is lost", async () => {
    const data = order();
    await worker.send("marketplace", "order.status_changed", { ...data, status: "shipped" });
    const chat = await chatOf(data.orderId);
    const items = await waitFor(async () => {
      const found = await messagesOf(chat.id);
      return found.length ? found : null;
    });
    expect(items.at(-1)?.content).toContain("shipped");
    const before = await worker.settled("orders");
    await worker.send("marketplace", "order.created", data);
    await waitFor(async () => (await worker.settled("orders")).processed > before.processed, {
      what: "the late order.created settled",
    });
    expect(await chatCount(data.orderId)).toBe(1);
  });
});
