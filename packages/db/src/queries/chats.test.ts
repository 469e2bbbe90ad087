import { ChatSummary } from "@chat/shared/contracts";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chats, messages } from "../schema";
import {
  createTestChat,
  createTestDatabase,
  sendTestMessage,
  type TestDatabase,
  uniqueUserId,
} from "../testing";
import { createChat, decodeChatCursor, encodeChatCursor, listChatsForUser, pairKeyOf } from "./chats";
import { toChat, toMessage } from "./mappers";
import { removeMembers } from "./members";
import { appendMessage } from "./messages";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ max: 20 });
});
afterAll(() => db.drop());

async function listAll(userId: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page: Awaited<ReturnType<typeof listChatsForUser>> = await listChatsForUser(db.db, {
      userId,
      limit,
      cursor: cursor ? decodeChatCursor(cursor) : null,
    });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error("pagination did not end");
}

const setActivity = (chatId: string, at: Date) =>
  db.sql`update chats set last_activity_at = ${at.toISOString()}::timestamptz where id = ${chatId}`;

describe("listChatsForUser", () => {
  it("builds each summary exactly as the row mappers build a chat and its last message", async () => {
    const alice = uniqueUserId("alice");
    const chat = await createTestChat(db.db, { memberIds: [alice, uniqueUserId("bob")], title: "mapped" });
    await sendTestMessage(db.db, chat, { senderId: alice, content: "first" });
    const { message } = await sendTestMessage(db.db, chat, {
      senderId: null,
      type: "system",
      content: "last",
    });
    const [row] = await db.db.select().from(chats).where(eq(chats.id, chat.id));
    const [stored] = await db.db.select().from(messages).where(eq(messages.id, message.id));

    const [summary] = (await listChatsForUser(db.db, { userId: alice, limit: 1 })).items;
    const expected = {
      ...toChat(row!),
      lastReadSeq: 1,
      unreadCount: 1,
      lastMessage: toMessage(stored!),
    };
    expect(summary).toEqual(expected);
    expect(Object.keys(summary ?? {})).toEqual(Object.keys(expected));
    expect(Object.keys(summary?.lastMessage ?? {})).toEqual(Object.keys(expected.lastMessage));
  });

  it("orders chats by latest activity, and a send moves its chat to the top", async () => {
    const alice = uniqueUserId("alice");
    const chats = [];
    for (let i = 0; i < 3; i++) chats.push(await createTestChat(db.db, { memberIds: [alice] }));
    const base = Date.now() - 60_000;
    for (const [i, chat] of chats.entries()) await setActivity(chat.id, new Date(base + i * 1000));

    const before = await listChatsForUser(db.db, { userId: alice, limit: 10 });
    expect(before.items.map((c) => c.id)).toEqual([chats[2]?.id, chats[1]?.id, chats[0]?.id]);

    const oldest = chats[0]!;
    await sendTestMessage(db.db, oldest, { senderId: alice, content: "bump" });
    const after = await listChatsForUser(db.db, { userId: alice, limit: 10 });
    expect(after.items.map((c) => c.id)).toEqual([oldest.id, chats[2]?.id, chats[1]?.id]);
    expect(after.items[0]?.lastMessage).toMatchObject({ content: "bump", seq: 1 });
    expect(after.items[1]?.lastMessage).toBeNull();
    for (const item of after.items) expect(ChatSummary.parse(item)).toEqual(item);
    expect(after.nextCursor).toBeNull();
  });

  it("a send that commits after a later-started send never moves the chat's activity back", async () => {
    const alice = uniqueUserId("alice");
    const chat = await createTestChat(db.db, { memberIds: [alice] });
    let releaseSlow = () => {};
    const slowMayAppend = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    let slowStarted = () => {};
    const started = new Promise<void>((resolve) => {
      slowStarted = resolve;
    });
    const slow = db.db.transaction(async (tx) => {
      await tx.execute(sql`select now()`);
      slowStarted();
      await slowMayAppend;
      return appendMessage(tx, { chatId: chat.id, senderId: alice, content: "slow" });
    });
    await started;
    await sendTestMessage(db.db, chat, { senderId: alice, content: "fast" });
    const afterFast = (await listChatsForUser(db.db, { userId: alice, limit: 1 })).items[0]?.lastActivityAt;
    releaseSlow();
    await slow;

    const [latest] = (await listChatsForUser(db.db, { userId: alice, limit: 1 })).items;
    expect(latest?.lastMessage?.content).toBe("slow");
    expect(Date.parse(latest?.lastActivityAt ?? "")).toBeGreaterThanOrEqual(Date.parse(afterFast ?? ""));
  });

  it("shows unreadCount and lastReadSeq per member, and hides chats the member was removed from", async () => {
    const [alice, bob] = [uniqueUserId("alice"), uniqueUserId("bob")];
    const chat = await createTestChat(db.db, { memberIds: [alice, bob] });
    for (let i = 0; i < 3; i++) await sendTestMessage(db.db, chat, { senderId: alice });

    const [forBob] = (await listChatsForUser(db.db, { userId: bob, limit: 10 })).items;
    expect(forBob).toMatchObject({ id: chat.id, unreadCount: 3, lastReadSeq: 0, lastSeq: 3 });
    const [forAlice] = (await listChatsForUser(db.db, { userId: alice, limit: 10 })).items;
    expect(forAlice).toMatchObject({ unreadCount: 0, lastReadSeq: 3 });

    await db.db.transaction((tx) => removeMembers(tx, chat.id, [bob]));
    expect((await listChatsForUser(db.db, { userId: bob, limit: 10 })).items).toEqual([]);
  });

  it("cursor pages visit every chat exactly once in activity order, ties included, for any page size", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 14 }),
        fc.integer({ min: 1, max: 6 }),
        async (activitySlots, limit) => {
          const user = uniqueUserId("pager");
          const created = [];
          for (const slot of activitySlots) {
            const chat = await createTestChat(db.db, { memberIds: [user] });
            const at = new Date(Date.UTC(2026, 0, 1) + slot * 1000);
            await setActivity(chat.id, at);
            created.push({ id: chat.id, at: at.getTime() });
          }
          const expected = created
            .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
            .map((chat) => chat.id);

          expect(await listAll(user, limit)).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a cursor round-trips, and anything that is not one of ours decodes to null", () => {
    const cursor = { at: new Date("2026-03-01T10:00:00.123Z"), id: "0190a000-0000-7000-8000-00000000abcd" };
    expect(decodeChatCursor(encodeChatCursor(cursor))).toEqual(cursor);
    for (const bad of ["", "abc", Buffer.from("12:not-a-uuid").toString("base64url"), "%%%"]) {
      expect(decodeChatCursor(bad)).toBeNull();
    }
  });
});

describe("createChat uniqueness", () => {
  const privateChat = (a: string, b: string) =>
    db.db.transaction((tx) =>
      createChat(tx, {
        type: "private",
        ownerId: null,
        members: [
          { userId: a, role: "member" },
          { userId: b, role: "member" },
        ],
      }),
    );
  const dealChat = (orderId: string, buyer: string, seller: string) =>
    db.db.transaction((tx) =>
      createChat(tx, {
        type: "deal",
        orderId,
        ownerId: null,
        members: [
          { userId: buyer, role: "member" },
          { userId: seller, role: "member" },
        ],
      }),
    );
  const chatCreatedEvents = async (chatId: string) => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from outbox
      where routing_key = 'chat.created' and event->'data'->>'chatId' = ${chatId}`;
    return row?.n;
  };

  it("a private chat is unique per pair, whichever member creates it", async () => {
    const [alice, bob] = [uniqueUserId("alice"), uniqueUserId("bob")];
    const first = await privateChat(alice, bob);
    const second = await privateChat(bob, alice);
    expect(first.created).toBe(true);
    expect(second).toEqual({ chat: first.chat, created: false });
    expect(await chatCreatedEvents(first.chat.id)).toBe(1);
    const other = await privateChat(alice, uniqueUserId("carol"));
    expect(other.chat.id).not.toBe(first.chat.id);
  });

  it("10 concurrent creations of one pair's private chat make one chat", async () => {
    const [alice, bob] = [uniqueUserId("alice"), uniqueUserId("bob")];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? privateChat(alice, bob) : privateChat(bob, alice))),
    );
    expect(new Set(results.map((r) => r.chat.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from chat_members where chat_id = ${results[0]!.chat.id}`;
    expect(row?.n).toBe(2);
  });

  it("pair keys never collide for different pairs, whatever characters the ids hold", () => {
    const id = fc.oneof(fc.string({ unit: "binary", maxLength: 4 }), fc.constantFrom("a", "b", ",", '"'));
    fc.assert(
      fc.property(id, id, id, id, (a, b, c, d) => {
        const [p, q] = [[a, b].sort(), [c, d].sort()];
        const samePair = p[0] === q[0] && p[1] === q[1];
        expect(pairKeyOf(a, b) === pairKeyOf(c, d)).toBe(samePair);
        expect(pairKeyOf(a, b)).toBe(pairKeyOf(b, a));
      }),
    );
    expect(pairKeyOf("a,", "b")).not.toBe(pairKeyOf("a", ",b"));
    expect(pairKeyOf("a\u0000", "b")).not.toBe(pairKeyOf("a", "\u0000b"));
  });

  it("a deal chat is unique per order, also under 10 concurrent creations", async () => {
    const [buyer, seller] = [uniqueUserId("buyer"), uniqueUserId("seller")];
    const orderId = `order-${uniqueUserId()}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => dealChat(orderId, buyer, seller)));
    expect(new Set(results.map((r) => r.chat.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]?.chat).toMatchObject({ type: "deal", orderId, pairKey: null });
    expect(await chatCreatedEvents(results[0]!.chat.id)).toBe(1);
    const again = await dealChat(orderId, seller, uniqueUserId("someone"));
    expect(again).toMatchObject({ created: false, chat: { id: results[0]?.chat.id } });
  });

  it("group chats are never merged, even with the same members", async () => {
    const [alice, bob] = [uniqueUserId("alice"), uniqueUserId("bob")];
    const a = await createTestChat(db.db, { memberIds: [alice, bob] });
    const b = await createTestChat(db.db, { memberIds: [alice, bob] });
    expect(a.id).not.toBe(b.id);
  });
});
