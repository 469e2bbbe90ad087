import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChat, createTestDatabase, type TestDatabase, uniqueUserId } from "../testing";
import { nextChatVersion } from "./chat-version";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ max: 10 });
});
afterAll(() => db.drop());

describe("nextChatVersion", () => {
  it("hands out gap-free versions in commit order to concurrent transactions, and a rollback returns its version", async () => {
    const chat = await createTestChat(db.db, { memberIds: [uniqueUserId()] });
    const taken = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.db
          .transaction(async (tx) => {
            const version = await nextChatVersion(tx, chat.id);
            if (i % 4 === 0) throw new Error("roll back");
            return version;
          })
          .catch(() => null),
      ),
    );
    const committed = taken.filter((v): v is number => v !== null).sort((a, b) => a - b);
    expect(committed).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("returns null for a chat that does not exist", async () => {
    expect(await nextChatVersion(db.db, "0190c3d4-0000-7000-8000-000000000000")).toBeNull();
  });
});
