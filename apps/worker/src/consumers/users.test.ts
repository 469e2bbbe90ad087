import { appendMessage, createChat, findMembership, findUsers } from "@chat/db/queries";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { type ChatBusMessage, type ControlMessage, channels } from "@chat/shared/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Adapter, startTestWorker, type TestWorker, uniqueId, waitFor } from "../testing/harness";

const rabbitUrl = await serviceUrl("rabbitmq");
const adapters: Adapter[] = rabbitUrl ? ["memory", "amqp"] : ["memory"];

describe.each(adapters)("user events on the %s queue", (adapter) => {
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

  const userOf = async (id: string) => (await findUsers(db.db, [id]))[0];

  it("user.created and user.updated keep the profile projection current, keeping fields an event omits", async () => {
    const id = uniqueId("user");
    await worker.send("users", "user.created", { id, name: "Ann", avatarUrl: "https://cdn.example/a.png" });
    await waitFor(async () => (await userOf(id))?.name === "Ann");
    await worker.send("users", "user.updated", { id, name: "Ann B." });
    const user = await waitFor(async () => {
      const found = await userOf(id);
      return found?.name === "Ann B." ? found : null;
    });
    expect(user.avatarUrl).toBe("https://cdn.example/a.png");
  });

  it("user.banned stamps banned_at and tells every realtime node on the control channel", async () => {
    const id = uniqueId("user");
    const control: ControlMessage[] = [];
    await worker.bus.subscribe(channels.control, (payload) => control.push(JSON.parse(payload)));
    await worker.send("users", "user.banned", { id, reason: "fraud" });
    await waitFor(async () => (await userOf(id))?.bannedAt);
    await waitFor(() => control.find((message) => message.userId === id), { what: "user_banned" });
    expect(control).toContainEqual({ type: "user_banned", userId: id });
  });

  it("user.deleted marks the user deleted, drops the profile and removes them from their chats", async () => {
    const id = uniqueId("user");
    const other = uniqueId("user");
    await worker.send("users", "user.created", { id, name: "Leaving" });
    await waitFor(async () => (await userOf(id))?.name === "Leaving");
    const chat = await db.db.transaction(async (tx) => {
      const { chat } = await createChat(tx, {
        type: "group",
        title: "team",
        ownerId: other,
        members: [
          { userId: other, role: "owner" },
          { userId: id, role: "member" },
        ],
      });
      await appendMessage(tx, { chatId: chat.id, senderId: id, content: "bye" });
      return chat;
    });
    const frames: ChatBusMessage[] = [];
    await worker.bus.subscribe(channels.chat(chat.id), (payload) => frames.push(JSON.parse(payload)));
    await worker.send("users", "user.deleted", { id });
    const user = await waitFor(async () => {
      const found = await userOf(id);
      return found?.deletedAt ? found : null;
    });
    expect(user.name).toBeNull();
    expect(await findMembership(db.db, chat.id, id)).toBeNull();
    expect(await findMembership(db.db, chat.id, other)).not.toBeNull();
    await waitFor(() => frames.find((item) => item.frame.type === "member_removed"), {
      what: "member_removed",
    });
  });
});
