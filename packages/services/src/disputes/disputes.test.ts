import { createTestChat, createTestDatabase, type TestDatabase, uniqueUserId } from "@chat/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDispute } from "./open-dispute";
import { resolveDispute } from "./resolve-dispute";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function dealChat() {
  const [buyer, seller] = [uniqueUserId("buyer"), uniqueUserId("seller")];
  const chat = await createTestChat(db.db, { type: "deal", memberIds: [buyer, seller] });
  return { chat: { id: chat.id, type: chat.type, orderId: chat.orderId }, buyer };
}

const outboxTypes = async (chatId: string) =>
  (
    await db.sql<{ routing_key: string }[]>`
      select routing_key from outbox where event->'data'->>'chatId' = ${chatId} order by created_at, id`
  ).map((row) => row.routing_key);

const auditOf = async (chatId: string) =>
  (
    await db.sql<{ action: string; actor_id: string | null }[]>`
      select action, actor_id from moderation_actions where chat_id = ${chatId} order by created_at, id`
  ).map((row) => `${row.action}:${row.actor_id}`);

describe("dispute workflows", () => {
  it("opening writes the dispute, a system message, chat.dispute.opened and an audit entry; a second open while one is open writes nothing", async () => {
    const { chat, buyer } = await dealChat();
    const opened = await db.db.transaction((tx) =>
      openDispute(tx, { chat, reason: "item never came", openedBy: buyer, source: "chat" }),
    );
    expect(opened?.dispute).toMatchObject({ status: "open", reason: "item never came" });
    expect(opened?.frames.map((frame) => frame.type)).toEqual(["new_message", "chat_updated"]);
    expect(opened?.frames[0]).toMatchObject({
      message: { type: "system", content: "A participant opened a dispute: item never came" },
    });

    const again = await db.db.transaction((tx) =>
      openDispute(tx, { chat, reason: "again", openedBy: null, source: "marketplace" }),
    );
    expect(again).toBeNull();
    expect((await outboxTypes(chat.id)).filter((type) => type.startsWith("chat.dispute"))).toEqual([
      "chat.dispute.opened",
    ]);
    expect(await auditOf(chat.id)).toEqual([`dispute.opened:${buyer}`]);
  });

  it("resolving closes the open dispute with a system message, chat.dispute.resolved and an audit entry; with none open it is 409 and writes nothing", async () => {
    const { chat, buyer } = await dealChat();
    await db.db.transaction((tx) =>
      openDispute(tx, { chat, reason: "scam", openedBy: null, source: "marketplace" }),
    );
    const resolved = await db.db.transaction((tx) =>
      resolveDispute(tx, { chat, outcome: "refund_buyer", comment: "refunded", resolvedBy: "mod-1" }),
    );
    expect(resolved.dispute).toMatchObject({ status: "resolved", outcome: "refund_buyer" });
    expect(resolved.frames).toMatchObject([
      { type: "new_message", message: { content: "The dispute was resolved: refund to the buyer" } },
      { type: "chat_updated", chatId: chat.id, disputeOpen: false },
    ]);

    const refused = await db.db
      .transaction((tx) =>
        resolveDispute(tx, { chat, outcome: "no_action", comment: "again", resolvedBy: buyer }),
      )
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "CONFLICT" });
    expect((await outboxTypes(chat.id)).filter((type) => type.startsWith("chat.dispute"))).toEqual([
      "chat.dispute.opened",
      "chat.dispute.resolved",
    ]);
    expect(await auditOf(chat.id)).toEqual(["dispute.opened:null", "dispute.resolved:mod-1"]);
  });
});
