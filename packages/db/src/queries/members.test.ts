import { ChatDetail, OutboundEvent } from "@chat/shared/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestChat,
  createTestDatabase,
  sendTestMessage,
  type TestDatabase,
  uniqueUserId,
} from "../testing";
import { getChatDetail } from "./chats";
import { addMembers, findMembership, markRead, removeMembers } from "./members";
import { enqueueEvent } from "./outbox";
import { ensureUsers, findUsers, rememberUser } from "./users";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("members", () => {
  it("addMembers returns only who was actually added; removeMembers only who was actually removed", async () => {
    const [alice, bob, carol] = [uniqueUserId("alice"), uniqueUserId("bob"), uniqueUserId("carol")];
    const chat = await createTestChat(db.db, { memberIds: [alice, bob] });
    await ensureUsers(db.db, [carol]);

    const added = await db.db.transaction((tx) =>
      addMembers(tx, chat.id, [
        { userId: bob, role: "member" },
        { userId: carol, role: "member" },
      ]),
    );
    expect(added.map((m) => m.userId)).toEqual([carol]);

    const removed = await db.db.transaction((tx) =>
      removeMembers(tx, chat.id, [carol, uniqueUserId("nobody")]),
    );
    expect(removed).toEqual([carol]);
    expect(await db.db.transaction((tx) => removeMembers(tx, chat.id, [carol]))).toEqual([]);
    expect(await findMembership(db.db, chat.id, carol)).toBeNull();
  });

  it("a removed member who is added back keeps the read mark they had, with the new role", async () => {
    const [alice, bob] = [uniqueUserId("alice"), uniqueUserId("bob")];
    const chat = await createTestChat(db.db, { memberIds: [alice, bob] });
    for (let i = 0; i < 3; i++) await sendTestMessage(db.db, chat, { senderId: alice });
    await markRead(db.db, { chatId: chat.id, userId: bob, seq: 2 });
    await db.db.transaction((tx) => removeMembers(tx, chat.id, [bob]));

    const [back] = await db.db.transaction((tx) =>
      addMembers(tx, chat.id, [{ userId: bob, role: "moderator" }]),
    );
    expect(back).toMatchObject({ userId: bob, role: "moderator", lastReadSeq: 2 });
    expect(await findMembership(db.db, chat.id, bob)).toMatchObject({
      role: "moderator",
      lastReadSeq: 2,
      lastSeq: 3,
      chatType: "group",
      ownerId: alice,
    });
  });

  it("getChatDetail lists active members with profiles and matches the ChatDetail contract", async () => {
    const [alice, bob, carol] = [uniqueUserId("alice"), uniqueUserId("bob"), uniqueUserId("carol")];
    const chat = await createTestChat(db.db, { memberIds: [alice, bob, carol] });
    await rememberUser(db.db, { id: alice, name: "Alice" });
    await db.db.transaction((tx) => removeMembers(tx, chat.id, [carol]));

    const detail = await getChatDetail(db.db, chat.id);
    expect(ChatDetail.parse(detail)).toEqual(detail);
    expect(detail?.members.map((m) => [m.userId, m.role, m.name])).toEqual([
      [alice, "owner", "Alice"],
      [bob, "member", null],
    ]);
    expect(detail?.openDispute).toBeNull();
    expect(await getChatDetail(db.db, "0190a000-0000-7000-8000-000000000000")).toBeNull();
  });
});

describe("users", () => {
  it("rememberUser fills a missing name from the token but never overwrites a known one", async () => {
    const id = uniqueUserId("u");
    expect((await rememberUser(db.db, { id, name: null })).name).toBeNull();
    expect((await rememberUser(db.db, { id, name: "First" })).name).toBe("First");
    expect((await rememberUser(db.db, { id, name: "Second" })).name).toBe("First");
  });

  it("ensureUsers adds stubs for unknown ids, once, and leaves known users alone", async () => {
    const known = uniqueUserId("known");
    await rememberUser(db.db, { id: known, name: "Known" });
    const stub = uniqueUserId("stub");
    await ensureUsers(db.db, [known, stub, stub]);
    await ensureUsers(db.db, []);
    const users = await findUsers(db.db, [known, stub]);
    expect(users.map((u) => [u.id, u.name]).sort()).toEqual(
      [
        [known, "Known"],
        [stub, null],
      ].sort(),
    );
  });
});

describe("outbox", () => {
  it("enqueueEvent writes a valid CloudEvent whose id is the row id, routed by its type", async () => {
    const chatId = "0190a000-0000-7000-8000-00000000beef";
    const chatEvent = await enqueueEvent(db.db, "chat.moderator.assigned", {
      chatId,
      moderatorId: "mod",
      assignedBy: null,
    });
    const notification = await enqueueEvent(db.db, "notification.requested", {
      userId: "u",
      chatId,
      messageId: "0190a000-0000-7000-8000-00000000cafe",
      seq: 1,
      senderId: null,
      senderName: null,
      preview: "hi",
    });

    const rows = await db.sql<{ id: string; destination: string; routing_key: string; event: unknown }[]>`
      select id, destination, routing_key, event from outbox where id in (${chatEvent.id}, ${notification.id})`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(chatEvent.id)).toMatchObject({
      destination: "chat",
      routing_key: "chat.moderator.assigned",
    });
    expect(byId.get(notification.id)).toMatchObject({
      destination: "notifications",
      routing_key: "notification.requested",
    });
    for (const row of rows) {
      const event = OutboundEvent.parse(row.event);
      expect(event.id).toBe(row.id);
      expect(event.specversion).toBe("1.0");
    }
  });
});
