import { ChatDetail } from "@chat/shared/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChat, createTestDatabase, type TestDatabase, uniqueUserId } from "../testing";
import { findChat, getChatDetail } from "./chats";
import { decodeMemberCursor, listChatMembers, MEMBER_PREVIEW_LIMIT } from "./member-pages";
import { addMembers, removeMembers } from "./members";
import { assignChatModerator } from "./moderation";
import { ensureUsers } from "./users";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function countedAndActual(chatId: string) {
  const [row] = await db.sql<{ counted: number; actual: number }[]>`
    select c.member_count as counted,
      (select count(*)::int from chat_members m where m.chat_id = c.id and m.removed_at is null) as actual
    from chats c where c.id = ${chatId}`;
  return row;
}

describe("chats.member_count", () => {
  it("equals the active members after every kind of membership change, in any order", async () => {
    const pool = Array.from({ length: 12 }, (_, i) => uniqueUserId(`p${i}`));
    await ensureUsers(db.db, pool);
    const chat = await createTestChat(db.db, { memberIds: pool.slice(0, 4) });
    expect(await countedAndActual(chat.id)).toEqual({ counted: 4, actual: 4 });
    // A fixed pseudo-random walk (seeded), so a failure replays exactly.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 60; step++) {
      const picked = pool.filter(() => next(3) === 0);
      const op = next(4);
      await db.db.transaction(async (tx) => {
        if (op === 0)
          await addMembers(
            tx,
            chat.id,
            picked.map((userId) => ({ userId, role: "member" })),
          );
        else if (op === 1) await removeMembers(tx, chat.id, picked);
        else if (op === 2 && picked[0]) await assignChatModerator(tx, { chatId: chat.id, userId: picked[0] });
        else
          await tx.execute(
            `update chat_members set last_read_seq = last_read_seq where chat_id = '${chat.id}'`,
          );
      });
      const { counted, actual } = (await countedAndActual(chat.id)) ?? { counted: -1, actual: -2 };
      expect(counted, `step ${step}`).toBe(actual);
    }
    await db.sql`delete from chat_members where chat_id = ${chat.id} and user_id = ${pool[0] ?? ""}`;
    const after = await countedAndActual(chat.id);
    expect(after?.counted).toBe(after?.actual);
  });

  it("counts a chat created with 1,000 members in one statement", async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => uniqueUserId(`m${i}`));
    const chat = await createTestChat(db.db, { memberIds: ids });
    expect((await findChat(db.db, chat.id))?.memberCount).toBe(1000);
  });
});

describe("member pages", () => {
  it("walks every active member once, in join order, even when many joined in one statement", async () => {
    const owner = uniqueUserId("owner");
    const first = Array.from({ length: 130 }, (_, i) => uniqueUserId(`a${i}`));
    const chat = await createTestChat(db.db, { memberIds: [owner, ...first] });
    const later = Array.from({ length: 25 }, (_, i) => uniqueUserId(`b${i}`));
    await ensureUsers(db.db, later);
    await db.db.transaction((tx) =>
      addMembers(
        tx,
        chat.id,
        later.map((userId) => ({ userId, role: "member" })),
      ),
    );
    await db.db.transaction((tx) => removeMembers(tx, chat.id, [first[3] ?? ""]));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listChatMembers(db.db, {
        chatId: chat.id,
        limit: 17,
        cursor: cursor ? decodeMemberCursor(cursor) : null,
      });
      seen.push(...page.items.map((member) => member.userId));
      cursor = page.nextCursor;
    } while (cursor);

    const expected = [...[owner, ...first].filter((id) => id !== first[3]).sort(), ...later.sort()];
    expect(seen).toEqual(expected);
  });

  it("gives the chat a preview of the first members with the count and a cursor for the rest", async () => {
    const ids = Array.from({ length: MEMBER_PREVIEW_LIMIT + 20 }, (_, i) => uniqueUserId(`m${i}`));
    const chat = await createTestChat(db.db, { memberIds: ids });
    const detail = await getChatDetail(db.db, chat.id);
    expect(ChatDetail.parse(detail)).toEqual(detail);
    expect(detail?.members).toHaveLength(MEMBER_PREVIEW_LIMIT);
    expect(detail?.memberCount).toBe(MEMBER_PREVIEW_LIMIT + 20);
    const rest = await listChatMembers(db.db, {
      chatId: chat.id,
      limit: 100,
      cursor: decodeMemberCursor(detail?.membersCursor ?? ""),
    });
    expect(rest.items).toHaveLength(20);
    expect(rest.nextCursor).toBeNull();
    const small = await createTestChat(db.db, { memberIds: [uniqueUserId("x"), uniqueUserId("y")] });
    expect((await getChatDetail(db.db, small.id))?.membersCursor).toBeNull();
  });

  it("decodes only cursors it issued", () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    expect(decodeMemberCursor("not-a-cursor")).toBeNull();
    expect(decodeMemberCursor(forged(["2026-01-01T00:00:00.000000Z", "a\u0000b"]))).toBeNull();
    expect(decodeMemberCursor(forged(["yesterday", "a"]))).toBeNull();
    expect(decodeMemberCursor(forged(["2026-01-01T00:00:00.000000Z", "a", "b"]))).toBeNull();
    expect(decodeMemberCursor(forged(["2026-01-01T00:00:00.000000Z", "a"]))).toEqual({
      joinedAt: "2026-01-01T00:00:00.000000Z",
      userId: "a",
    });
  });
});
