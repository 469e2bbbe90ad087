import { appendMessage, banUser, createChat } from "@chat/db/queries";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { NotificationRequested } from "@chat/shared/contracts";
import { createMemoryPresence } from "@chat/shared/presence";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Adapter, startTestWorker, type TestWorker, uniqueId, waitFor } from "../testing/harness";
import { PREVIEW_MAX_CHARS } from "./notifications";

const rabbitUrl = await serviceUrl("rabbitmq");
const adapters: Adapter[] = rabbitUrl ? ["memory", "amqp"] : ["memory"];

describe.each(adapters)("notifications on the %s queue", (adapter) => {
  let db: TestDatabase;
  let worker: TestWorker;
  const presence = createMemoryPresence();

  beforeAll(async () => {
    db = await createTestDatabase();
    // Records, per INSERT statement on the outbox, how many notification rows of each message it wrote.
    await db.sql.unsafe(`
      create table notification_inserts (message_id text, row_count int);
      create function record_notification_insert() returns trigger language plpgsql as $$
      begin
        insert into notification_inserts
        select event->'data'->>'messageId', count(*) from new_rows
        where routing_key = 'notification.requested' group by 1;
        return null;
      end $$;
      create trigger record_notification_insert after insert on outbox
        referencing new table as new_rows for each statement execute function record_notification_insert();`);
    worker = await startTestWorker({ adapter, db, rabbitUrl, presence });
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  async function groupWith(memberIds: string[]) {
    return db.db.transaction(async (tx) => {
      const { chat } = await createChat(tx, {
        type: "group",
        title: "raid",
        ownerId: memberIds[0] ?? null,
        members: memberIds.map((userId, index) => ({ userId, role: index === 0 ? "owner" : "member" })),
      });
      return chat;
    });
  }

  async function notificationsFor(messageId: string) {
    const rows = await db.sql<{ event: unknown; published: boolean }[]>`
      select event, published_at is not null as published from outbox
      where routing_key = 'notification.requested' and event->'data'->>'messageId' = ${messageId}`;
    return rows.map((row) => ({ ...NotificationRequested.parse(row.event), published: row.published }));
  }

  it("every offline member but the sender gets one notification.requested; online members get none", async () => {
    const [sender, offline, online] = [uniqueId("sender"), uniqueId("offline"), uniqueId("online")];
    await presence.touch([online, sender]);
    const chat = await groupWith([sender, offline, online]);
    const content = `${"gold ".repeat(60)}end`;
    const before = await worker.settled("notifications");
    const { message } = await db.db.transaction((tx) =>
      appendMessage(tx, { chatId: chat.id, senderId: sender, content }),
    );
    const sent = await waitFor(async () => {
      const found = await notificationsFor(message.id);
      return found.length && found.every((item) => item.published) ? found : null;
    });
    await waitFor(async () => (await worker.settled("notifications")).processed > before.processed, {
      what: "chat.message.created settled",
    });
    expect(await notificationsFor(message.id)).toHaveLength(1);
    expect(sent[0]?.data).toMatchObject({
      userId: offline,
      chatId: chat.id,
      messageId: message.id,
      seq: message.seq,
      senderId: sender,
    });
    expect([...(sent[0]?.data.preview ?? "")].length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
    expect(sent[0]?.data.preview.startsWith("gold gold")).toBe(true);
  });

  it("a 400-member group's fan-out is written in one INSERT, not a statement per member", async () => {
    const memberIds = Array.from({ length: 400 }, (_, index) => uniqueId(`m${index}`));
    const chat = await groupWith(memberIds);
    const { message } = await db.db.transaction((tx) =>
      appendMessage(tx, { chatId: chat.id, senderId: memberIds[0] ?? null, content: "raid at 8" }),
    );
    await waitFor(async () => (await notificationsFor(message.id)).length === 399, { what: "the fan-out" });
    const inserts = await db.sql<{ row_count: number }[]>`
      select row_count from notification_inserts where message_id = ${message.id}`;
    expect(inserts).toEqual([{ row_count: 399 }]);
  });

  it("a banned member gets no notification; a system message notifies every offline member", async () => {
    const [sender, banned, offline] = [uniqueId("sender"), uniqueId("banned"), uniqueId("offline")];
    const chat = await groupWith([sender, banned, offline]);
    await db.db.transaction((tx) => banUser(tx, banned));
    const { message } = await db.db.transaction((tx) =>
      appendMessage(tx, { chatId: chat.id, senderId: sender, content: "hi" }),
    );
    const { message: system } = await db.db.transaction((tx) =>
      appendMessage(tx, {
        chatId: chat.id,
        senderId: null,
        type: "system",
        content: "note",
      }),
    );
    await waitFor(async () => (await notificationsFor(system.id)).length === 2, {
      what: "system notifications",
    });
    // The two events may be handled in either order; a message's requests all commit in one transaction.
    const sent = await waitFor(async () => {
      const found = await notificationsFor(message.id);
      return found.length > 0 ? found : null;
    });
    expect(sent.map((item) => item.data.userId)).toEqual([offline]);
    expect((await notificationsFor(system.id)).map((item) => item.data.userId).sort()).toEqual(
      [sender, offline].sort(),
    );
  });

  it("a redelivered chat.message.created requests no second notification", async () => {
    const [sender, offline] = [uniqueId("sender"), uniqueId("offline")];
    const chat = await groupWith([sender, offline]);
    const { message } = await db.db.transaction((tx) =>
      appendMessage(tx, { chatId: chat.id, senderId: sender, content: "hi" }),
    );
    await waitFor(async () => (await notificationsFor(message.id)).length === 1);
    const [row] = await db.sql<{ event: { id: string } }[]>`
      select event from outbox where routing_key = 'chat.message.created' and event->'data'->'message'->>'id' = ${message.id}`;
    const before = await worker.settled("notifications");
    await worker.queue.publish(worker.config.AMQP_EXCHANGE_CHAT, "chat.message.created", row?.event as never);
    await waitFor(async () => {
      const [count] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from processed_events where consumer = 'notifications' and event_id = ${row?.event.id ?? ""}`;
      return count?.n === 1;
    });
    await waitFor(async () => (await worker.settled("notifications")).duplicate > before.duplicate, {
      what: "the redelivery settled as a duplicate",
    });
    expect(await notificationsFor(message.id)).toHaveLength(1);
  });
});
