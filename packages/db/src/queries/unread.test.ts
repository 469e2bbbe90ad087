import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestChat,
  createTestDatabase,
  sendTestMessage,
  type TestDatabase,
  uniqueUserId,
} from "../testing";
import { listChatsForUser } from "./chats";
import { markRead } from "./members";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

type Command =
  | { kind: "send"; member: number }
  | { kind: "system" }
  | { kind: "read"; member: number; seq: number };

const command = (members: number): fc.Arbitrary<Command> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("send" as const), member: fc.nat(members - 1) }) },
    { weight: 1, arbitrary: fc.constant({ kind: "system" as const }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("read" as const),
        member: fc.nat(members - 1),
        seq: fc.nat(40),
      }),
    },
  );

const scenario = fc
  .integer({ min: 1, max: 4 })
  .chain((members) => fc.tuple(fc.constant(members), fc.array(command(members), { maxLength: 30 })));

/**
 * The model keeps every message and each member's read mark, and counts unread messages one by one,
 * the way the O(1) formula (last seq − read mark) must agree with.
 */
class Model {
  readonly senders: (number | null)[] = [];
  readonly marks: number[];
  constructor(members: number) {
    this.marks = Array.from({ length: members }, () => 0);
  }
  send(member: number | null) {
    this.senders.push(member);
    if (member !== null) this.marks[member] = this.senders.length;
  }
  read(member: number, seq: number) {
    const target = Math.min(seq, this.senders.length);
    this.marks[member] = Math.max(this.marks[member] ?? 0, target);
  }
  unread(member: number): number {
    const mark = this.marks[member] ?? 0;
    return this.senders.filter((_, index) => index + 1 > mark).length;
  }
}

describe("unread counts", () => {
  it("match a brute-force count over random sends and reads, including reads behind the mark and past the last seq", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([memberCount, commands]) => {
        const members = Array.from({ length: memberCount }, (_, i) => uniqueUserId(`m${i}`));
        const chat = await createTestChat(db.db, { memberIds: members });
        const model = new Model(memberCount);

        for (const step of commands) {
          if (step.kind === "send") {
            await sendTestMessage(db.db, chat, { senderId: members[step.member] ?? null });
            model.send(step.member);
          } else if (step.kind === "system") {
            await sendTestMessage(db.db, chat, { senderId: null, type: "system" });
            model.send(null);
          } else {
            const result = await markRead(db.db, {
              chatId: chat.id,
              userId: members[step.member] ?? "",
              seq: step.seq,
            });
            model.read(step.member, step.seq);
            expect(result).toEqual({
              lastReadSeq: model.marks[step.member],
              unreadCount: model.unread(step.member),
            });
          }
        }

        for (const [index, userId] of members.entries()) {
          const { items } = await listChatsForUser(db.db, { userId, limit: 1 });
          expect(items[0]).toMatchObject({
            id: chat.id,
            unreadCount: model.unread(index),
            lastReadSeq: model.marks[index],
          });
          const [counted] = await db.sql<{ n: number }[]>`
            select count(*)::int as n from messages m
            join chat_members cm on cm.chat_id = m.chat_id and cm.user_id = ${userId}
            where m.chat_id = ${chat.id} and m.seq > cm.last_read_seq`;
          expect(counted?.n).toBe(model.unread(index));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("markRead is refused for someone who is not an active member", async () => {
    const [alice, bob] = [uniqueUserId("alice"), uniqueUserId("bob")];
    const chat = await createTestChat(db.db, { memberIds: [alice] });
    await sendTestMessage(db.db, chat, { senderId: alice });
    expect(await markRead(db.db, { chatId: chat.id, userId: bob, seq: 1 })).toBeNull();
  });
});
