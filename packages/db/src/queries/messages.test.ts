import { Message } from "@chat/shared/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../schema";
import {
  createTestChat,
  createTestDatabase,
  sendTestMessage,
  type TestDatabase,
  uniqueUserId,
} from "../testing";
import { toMessage } from "./mappers";
import { AppendRefused, appendMessage, listMessages, listMessagesAs } from "./messages";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ max: 20 });
});
afterAll(() => db.drop());

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function seqsOf(chatId: string): Promise<number[]> {
  const rows = await db.sql<
    { seq: string }[]
  >`select seq from messages where chat_id = ${chatId} order by seq`;
  return rows.map((row) => Number(row.seq));
}

async function chatState(chatId: string) {
  const [row] = await db.sql<{ last_seq: string; last_message_id: string; outbox: number }[]>`
    select c.last_seq, c.last_message_id,
      (select count(*)::int from outbox o
        where o.routing_key = 'chat.message.created' and o.event->'data'->>'chatId' = ${chatId}) as outbox
    from chats c where c.id = ${chatId}`;
  return { lastSeq: Number(row?.last_seq), lastMessageId: row?.last_message_id, outbox: row?.outbox };
}

describe("appendMessage seq allocation", () => {
  it("50 concurrent sends to one chat get seqs 1..50: no gap, no duplicate, createdAt in seq order, one outbox event each", {
    timeout: 120_000,
  }, async () => {
    const alice = uniqueUserId("alice");
    const chat = await createTestChat(db.db, { memberIds: [alice, uniqueUserId("bob")] });

    const results = await Promise.all(
      range(1, 50).map((i) => sendTestMessage(db.db, chat, { senderId: alice, content: `m${i}` })),
    );

    expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(range(1, 50));
    expect(results.every((r) => r.created)).toBe(true);
    for (const { message } of results) expect(Message.parse(message)).toEqual(message);
    expect(await seqsOf(chat.id)).toEqual(range(1, 50));
    const stored = await db.sql<{ seq: string; content: string }[]>`
      select seq, content from messages where chat_id = ${chat.id}`;
    const seqByContent = new Map(stored.map((row) => [row.content, Number(row.seq)]));
    for (const { message } of results) expect(seqByContent.get(message.content)).toBe(message.seq);
    const byCreation = [...results].sort(
      (a, b) =>
        Date.parse(a.message.createdAt) - Date.parse(b.message.createdAt) || a.message.seq - b.message.seq,
    );
    expect(byCreation.map((r) => r.message.seq)).toEqual(range(1, 50));
    const state = await chatState(chat.id);
    expect(state.lastSeq).toBe(50);
    expect(state.outbox).toBe(50);
    expect(state.lastMessageId).toBe(results.find((r) => r.message.seq === 50)?.message.id);
  });

  it("concurrent sends from several senders share one gap-free sequence, and each sender's read mark covers their own last message", async () => {
    const senders = range(1, 5).map((i) => uniqueUserId(`s${i}`));
    const chat = await createTestChat(db.db, { memberIds: senders });

    const results = await Promise.all(
      range(0, 59).map((i) =>
        sendTestMessage(db.db, chat, { senderId: senders[i % senders.length] ?? null }),
      ),
    );

    expect(await seqsOf(chat.id)).toEqual(range(1, 60));
    expect((await chatState(chat.id)).lastSeq).toBe(60);
    const marks = await db.sql<{ user_id: string; last_read_seq: string }[]>`
      select user_id, last_read_seq from chat_members where chat_id = ${chat.id}`;
    for (const sender of senders) {
      const ownLast = Math.max(
        ...results.filter((r) => r.message.senderId === sender).map((r) => r.message.seq),
      );
      expect(Number(marks.find((m) => m.user_id === sender)?.last_read_seq)).toBe(ownLast);
    }
  });

  it("system messages (no sender) take the next seq like any other", async () => {
    const alice = uniqueUserId("alice");
    const chat = await createTestChat(db.db, { memberIds: [alice] });
    await sendTestMessage(db.db, chat, { senderId: alice });
    const { message } = await sendTestMessage(db.db, chat, { senderId: null, type: "system", content: "x" });
    expect(message).toMatchObject({ seq: 2, senderId: null, type: "system" });
  });

  it("sending to a chat that does not exist is refused as chat_not_found and writes nothing", async () => {
    const chat = await createTestChat(db.db, { memberIds: [uniqueUserId()] });
    const ghost = { ...chat, id: "0190a000-0000-7000-8000-000000000000" };
    for (const senderId of [null, uniqueUserId()]) {
      const refused = await sendTestMessage(db.db, ghost, { senderId }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppendRefused);
      expect(refused).toMatchObject({ decision: { refusal: "chat_not_found", chatStatus: null } });
    }
    expect(await seqsOf(ghost.id)).toEqual([]);
  });
});

describe("appendMessage with a clientMessageId", () => {
  it("the same clientMessageId sent twice in a row returns the first message and writes one row", async () => {
    const alice = uniqueUserId("alice");
    const chat = await createTestChat(db.db, { memberIds: [alice] });

    const first = await sendTestMessage(db.db, chat, {
      senderId: alice,
      clientMessageId: "c-1",
      content: "one",
    });
    const again = await sendTestMessage(db.db, chat, {
      senderId: alice,
      clientMessageId: "c-1",
      content: "two",
    });

    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.message).toEqual(first.message);
    expect(await seqsOf(chat.id)).toEqual([1]);
    expect((await chatState(chat.id)).outbox).toBe(1);
    const next = await sendTestMessage(db.db, chat, { senderId: alice });
    expect(next.message.seq).toBe(2);
  });

  it("20 concurrent sends with one clientMessageId write one row, all return it, and leave no seq gap", async () => {
    const alice = uniqueUserId("alice");
    const chat = await createTestChat(db.db, { memberIds: [alice, uniqueUserId("bob")] });
    const before = await sendTestMessage(db.db, chat, { senderId: alice });

    const results = await Promise.all(
      range(1, 20).map((i) =>
        sendTestMessage(db.db, chat, { senderId: alice, clientMessageId: "dup", content: `try ${i}` }),
      ),
    );

    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)?.message;
    for (const result of results) expect(result.message).toEqual(winner);
    expect(winner?.seq).toBe(before.message.seq + 1);
    expect(await seqsOf(chat.id)).toEqual([1, 2]);
    const state = await chatState(chat.id);
    expect(state).toMatchObject({ lastSeq: 2, lastMessageId: winner?.id, outbox: 2 });

    const next = await sendTestMessage(db.db, chat, { senderId: alice });
    expect(next.message.seq).toBe(3);
    expect(await seqsOf(chat.id)).toEqual([1, 2, 3]);
  });

  it("concurrent duplicates mixed with other sends keep the sequence gap-free", async () => {
    const [alice, bob] = [uniqueUserId("alice"), uniqueUserId("bob")];
    const chat = await createTestChat(db.db, { memberIds: [alice, bob] });

    const results = await Promise.all(
      range(1, 40).map((i) =>
        i % 2 === 0
          ? sendTestMessage(db.db, chat, { senderId: alice, clientMessageId: `k${i % 6}` })
          : sendTestMessage(db.db, chat, { senderId: bob }),
      ),
    );

    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(20 + 3);
    expect(await seqsOf(chat.id)).toEqual(range(1, 23));
    expect((await chatState(chat.id)).lastSeq).toBe(23);
  });

  it("the same clientMessageId from another sender is another message", async () => {
    const [alice, bob] = [uniqueUserId("alice"), uniqueUserId("bob")];
    const chat = await createTestChat(db.db, { memberIds: [alice, bob] });
    const a = await sendTestMessage(db.db, chat, { senderId: alice, clientMessageId: "same" });
    const b = await sendTestMessage(db.db, chat, { senderId: bob, clientMessageId: "same" });
    expect(b.created).toBe(true);
    expect(b.message.id).not.toBe(a.message.id);
    expect(await seqsOf(chat.id)).toEqual([1, 2]);
  });
});

describe("appendMessage as one statement", () => {
  it("returns, enqueues and pages exactly the message the row mapper builds", async () => {
    const alice = uniqueUserId("alice");
    const chat = await createTestChat(db.db, { memberIds: [alice] });
    const first = await sendTestMessage(db.db, chat, { senderId: alice });
    const attachments = [{ url: "https://x.test/a.png", name: "a.png", contentType: "image/png", size: 7 }];
    const { message } = await appendMessage(db.db, {
      chatId: chat.id,
      senderId: alice,
      content: "with everything",
      clientMessageId: "full",
      replyToId: first.message.id,
      attachments,
    });

    const [row] = await db.db.select().from(messages).where(eq(messages.id, message.id));
    const mapped = toMessage(row!);
    expect(message).toEqual(mapped);
    expect(Object.keys(message)).toEqual(Object.keys(mapped));
    expect((await listMessages(db.db, { chatId: chat.id, limit: 1, after: 1 })).items).toEqual([mapped]);
    expect(Message.parse(message)).toEqual(message);
    expect(message).toMatchObject({
      seq: 2,
      replyToId: first.message.id,
      attachments,
      clientMessageId: "full",
    });
    const [event] = await db.sql<{ event: { id: string; type: string; data: unknown } }[]>`
      select event from outbox where event->'data'->'message'->>'id' = ${message.id}`;
    expect(event?.event.type).toBe("chat.message.created");
    expect(event?.event.data).toEqual({ chatId: chat.id, chatType: "group", message });
  });

  it("refuses a sender who is not an active member, and writes nothing", async () => {
    const [alice, mallory] = [uniqueUserId("alice"), uniqueUserId("mallory")];
    const chat = await createTestChat(db.db, { memberIds: [alice, mallory] });
    await db.sql`update chat_members set removed_at = now() where chat_id = ${chat.id} and user_id = ${mallory}`;
    for (const senderId of [mallory, uniqueUserId("stranger")]) {
      const refused = await sendTestMessage(db.db, chat, { senderId }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppendRefused);
      expect(refused).toMatchObject({ decision: { refusal: "not_member" } });
    }
    expect(await seqsOf(chat.id)).toEqual([]);
    expect(await chatState(chat.id)).toMatchObject({ lastSeq: 0, outbox: 0 });
  });

  it("refuses members of a read-only chat, except its moderator, staff and system messages", async () => {
    const [alice, mod] = [uniqueUserId("alice"), uniqueUserId("mod")];
    const chat = await createTestChat(db.db, { memberIds: [alice, mod] });
    await db.sql`update chat_members set role = 'moderator' where chat_id = ${chat.id} and user_id = ${mod}`;
    await db.sql`update chats set status = 'completed' where id = ${chat.id}`;

    const refused = await sendTestMessage(db.db, chat, { senderId: alice }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ decision: { refusal: "read_only", chatStatus: "completed" } });
    expect((await sendTestMessage(db.db, chat, { senderId: mod })).created).toBe(true);
    expect((await sendTestMessage(db.db, chat, { senderId: alice, writerRole: "admin" })).created).toBe(true);
    expect((await sendTestMessage(db.db, chat, { senderId: null, type: "system" })).created).toBe(true);
    expect(await seqsOf(chat.id)).toEqual([1, 2, 3]);
  });

  it("refuses a reply to a message of another chat, even for a repeated clientMessageId", async () => {
    const alice = uniqueUserId("alice");
    const [chat, other] = [
      await createTestChat(db.db, { memberIds: [alice] }),
      await createTestChat(db.db, { memberIds: [alice] }),
    ];
    const elsewhere = await sendTestMessage(db.db, other, { senderId: alice });
    await sendTestMessage(db.db, chat, { senderId: alice, clientMessageId: "r" });
    for (const clientMessageId of ["r", "fresh"]) {
      const refused = await sendTestMessage(db.db, chat, {
        senderId: alice,
        clientMessageId,
        replyToId: elsewhere.message.id,
      }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ decision: { refusal: "reply_not_found" } });
    }
    expect(await seqsOf(chat.id)).toEqual([1]);
  });
});

describe("listMessages keyset pages", () => {
  let chat: Awaited<ReturnType<typeof createTestChat>>;
  const total = 10;
  beforeAll(async () => {
    const alice = uniqueUserId("alice");
    chat = await createTestChat(db.db, { memberIds: [alice] });
    for (let i = 1; i <= total; i++)
      await sendTestMessage(db.db, chat, { senderId: alice, content: `m${i}` });
    const other = await createTestChat(db.db, { memberIds: [alice] });
    await sendTestMessage(db.db, other, { senderId: alice });
  });

  const page = async (input: { limit: number; before?: number; after?: number }) => {
    const result = await listMessages(db.db, { chatId: chat.id, ...input });
    return { seqs: result.items.map((m) => m.seq), hasMore: result.hasMore };
  };

  it("the latest page is the newest messages, ascending, with hasMore when older ones exist", async () => {
    expect(await page({ limit: 3 })).toEqual({ seqs: [8, 9, 10], hasMore: true });
    expect(await page({ limit: 10 })).toEqual({ seqs: range(1, 10), hasMore: false });
    expect(await page({ limit: 11 })).toEqual({ seqs: range(1, 10), hasMore: false });
  });

  it("before=SEQ returns the page just older than SEQ; hasMore is false exactly at the first message", async () => {
    expect(await page({ limit: 3, before: 8 })).toEqual({ seqs: [5, 6, 7], hasMore: true });
    expect(await page({ limit: 3, before: 4 })).toEqual({ seqs: [1, 2, 3], hasMore: false });
    expect(await page({ limit: 3, before: 3 })).toEqual({ seqs: [1, 2], hasMore: false });
    expect(await page({ limit: 3, before: 1 })).toEqual({ seqs: [], hasMore: false });
  });

  it("after=SEQ returns the page just newer than SEQ; hasMore is false exactly at the last message", async () => {
    expect(await page({ limit: 5, after: 0 })).toEqual({ seqs: [1, 2, 3, 4, 5], hasMore: true });
    expect(await page({ limit: 5, after: 5 })).toEqual({ seqs: [6, 7, 8, 9, 10], hasMore: false });
    expect(await page({ limit: 5, after: 7 })).toEqual({ seqs: [8, 9, 10], hasMore: false });
    expect(await page({ limit: 5, after: 10 })).toEqual({ seqs: [], hasMore: false });
  });

  it("walking back with before and forward with after visits every message once, for any page size", async () => {
    for (let limit = 1; limit <= 4; limit++) {
      const back: number[] = [];
      let current = await page({ limit });
      back.unshift(...current.seqs);
      while (current.hasMore) {
        current = await page({ limit, before: back[0] });
        back.unshift(...current.seqs);
      }
      expect(back).toEqual(range(1, total));

      const forward: number[] = [];
      let cursor = 0;
      for (let more = true; more; ) {
        const next = await page({ limit, after: cursor });
        forward.push(...next.seqs);
        cursor = forward.at(-1) ?? cursor;
        more = next.hasMore;
      }
      expect(forward).toEqual(range(1, total));
    }
  });

  it("listMessagesAs reads the page for an active member or a reader of any chat, and nothing for anyone else", async () => {
    const [member] = await db.sql<{ user_id: string }[]>`
      select user_id from chat_members where chat_id = ${chat.id}`;
    const input = { chatId: chat.id, limit: 3 };
    const as = (userId: string, readsAnyChat = false) =>
      listMessagesAs(db.db, input, { userId, readsAnyChat });
    expect(await as(member?.user_id ?? "")).toMatchObject({ chatFound: true, role: "owner", hasMore: true });
    expect((await as(member?.user_id ?? "")).items.map((m) => m.seq)).toEqual([8, 9, 10]);
    expect(await as("stranger")).toEqual({ chatFound: true, role: null, items: [], hasMore: false });
    expect((await as("auditor", true)).items.map((m) => m.seq)).toEqual([8, 9, 10]);
    const missing = await listMessagesAs(
      db.db,
      { ...input, chatId: "00000000-0000-7000-8000-00000000dead" },
      { userId: "x", readsAnyChat: true },
    );
    expect(missing).toEqual({ chatFound: false, role: null, items: [], hasMore: false });
  });

  it("a soft-deleted message keeps its seq in pages but loses its content and attachments", async () => {
    await db.sql`
      update messages set deleted_at = now(), attachments = ${JSON.stringify([{ url: "https://x.test/a", name: "a", contentType: "image/png", size: 1 }])}::jsonb
      where chat_id = ${chat.id} and seq = 5`;
    const { items } = await listMessages(db.db, { chatId: chat.id, limit: 1, after: 4 });
    expect(items[0]).toMatchObject({ seq: 5, content: "", attachments: [] });
    expect(items[0]?.deletedAt).not.toBeNull();
  });
});
