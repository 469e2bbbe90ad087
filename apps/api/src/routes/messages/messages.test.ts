import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ config: { SEND_BURST: 1000, SEND_RATE_PER_SEC: 1000, MESSAGE_MAX_CHARS: 50 } });
});
afterAll(async () => {
  await api.close();
});

async function groupWith(...memberIds: string[]) {
  const owner = uniqueId("owner");
  const ownerToken = await api.token(owner);
  const chat = await api.call("POST", "/chats", {
    token: ownerToken,
    body: { type: "group", title: "G", memberIds },
  });
  return { chatId: chat.body.id as string, owner, ownerToken };
}

describe("POST /chats/{id}/messages", () => {
  it("creates a message with the next seq, moves the sender's read mark and writes the outbox row", async () => {
    const { chatId, ownerToken } = await groupWith();
    const frames = await api.watch(chatId);
    const res = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: {
        content: "hello",
        attachments: [
          { url: "https://cdn.example.com/a.png", name: "a.png", contentType: "image/png", size: 10 },
        ],
      },
      headers: { "x-request-id": "req-send-1" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ chatId, seq: 1, content: "hello", type: "text", editedAt: null });
    expect(res.headers.get("x-request-id")).toBe("req-send-1");
    const chat = await api.call("GET", `/chats/${chatId}`, { token: ownerToken });
    expect(chat.body.lastSeq).toBe(1);
    expect(chat.body.members[0].lastReadSeq).toBe(1);
    const [outbox] = await api.db
      .sql`select count(*)::int as n from outbox where routing_key = 'chat.message.created' and event->'data'->>'chatId' = ${chatId}`;
    expect(outbox?.n).toBe(1);
    await expect
      .poll(() => frames.map((f) => [f.frame.type, f.requestId]))
      .toEqual([["new_message", "req-send-1"]]);
  });

  it("returns the first message (200) for a repeated clientMessageId and never stores a second", async () => {
    const { chatId, ownerToken } = await groupWith();
    const body = { content: "once", clientMessageId: "c-1" };
    const first = await api.call("POST", `/chats/${chatId}/messages`, { token: ownerToken, body });
    const again = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { ...body, content: "twice" },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it("stores one message when 20 sends with the same clientMessageId race, and seqs stay gap-free", async () => {
    const { chatId, ownerToken } = await groupWith();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.call("POST", `/chats/${chatId}/messages`, {
          token: ownerToken,
          body: { content: `race ${i}`, clientMessageId: "same" },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const next = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "after" },
    });
    expect(next.body.seq).toBe(2);
    const [row] = await api.db
      .sql`select count(*)::int as n, max(seq)::int as max from messages where chat_id = ${chatId}`;
    expect(row).toEqual({ n: 2, max: 2 });
  });

  it("accepts replyToId of the same chat and rejects one from another chat as a field error", async () => {
    const { chatId, ownerToken } = await groupWith();
    const other = await groupWith();
    const target = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "q" },
    });
    const foreign = await api.call("POST", `/chats/${other.chatId}/messages`, {
      token: other.ownerToken,
      body: { content: "x" },
    });
    const ok = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "a", replyToId: target.body.id },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.replyToId).toBe(target.body.id);
    const bad = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "a", replyToId: foreign.body.id },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: "replyToId", message: "must name a message of this chat" }]);
  });

  it("answers content over MESSAGE_MAX_CHARS with 413, and empty content with a 400 field error", async () => {
    const { chatId, ownerToken } = await groupWith();
    const long = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "x".repeat(51) },
    });
    expect(long.status).toBe(413);
    expect(long.headers.get("content-type")).toContain("application/problem+json");
    const empty = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "  " },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe("content");
  });

  it("keeps completed deal chats read-only (409 READ_ONLY) for members but not for their moderator", async () => {
    const [buyer, seller, mod] = [uniqueId("buyer"), uniqueId("seller"), uniqueId("mod")];
    const admin = await api.token(uniqueId("svc"), "admin");
    const deal = await api.call("POST", "/chats", {
      token: admin,
      body: { type: "deal", orderId: uniqueId("order"), memberIds: [buyer, seller] },
    });
    const modToken = await api.token(mod, "moderator");
    await api.call("POST", `/chats/${deal.body.id}/moderator`, {
      token: modToken,
      body: { moderatorId: mod },
    });
    await api.db.sql`update chats set status = 'completed' where id = ${deal.body.id}`;
    const res = await api.call("POST", `/chats/${deal.body.id}/messages`, {
      token: await api.token(buyer),
      body: { content: "hey" },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("READ_ONLY");
    const byMod = await api.call("POST", `/chats/${deal.body.id}/messages`, {
      token: modToken,
      body: { content: "closing note" },
    });
    expect(byMod.status).toBe(201);
  });
});

describe("GET /chats/{id}/messages", () => {
  it("pages back with before and forward with after, items ascending, hasMore telling whether to go on", async () => {
    const { chatId, ownerToken } = await groupWith();
    for (let i = 1; i <= 7; i++) {
      await api.call("POST", `/chats/${chatId}/messages`, { token: ownerToken, body: { content: `m${i}` } });
    }
    const latest = await api.call("GET", `/chats/${chatId}/messages?limit=3`, { token: ownerToken });
    expect(latest.body.items.map((m: any) => m.seq)).toEqual([5, 6, 7]);
    expect(latest.body.hasMore).toBe(true);
    const older = await api.call("GET", `/chats/${chatId}/messages?limit=3&before=5`, { token: ownerToken });
    expect(older.body.items.map((m: any) => m.seq)).toEqual([2, 3, 4]);
    expect(older.body.hasMore).toBe(true);
    const oldest = await api.call("GET", `/chats/${chatId}/messages?limit=3&before=2`, { token: ownerToken });
    expect(oldest.body).toMatchObject({ hasMore: false });
    expect(oldest.body.items.map((m: any) => m.seq)).toEqual([1]);
    const catchUp = await api.call("GET", `/chats/${chatId}/messages?after=4&limit=2`, { token: ownerToken });
    expect(catchUp.body.items.map((m: any) => m.seq)).toEqual([5, 6]);
    expect(catchUp.body.hasMore).toBe(true);
    const done = await api.call("GET", `/chats/${chatId}/messages?after=6`, { token: ownerToken });
    expect(done.body).toMatchObject({ hasMore: false });
    expect(done.body.items.map((m: any) => m.seq)).toEqual([7]);
  });

  it("rejects limit over 100 and before with after as field errors", async () => {
    const { chatId, ownerToken } = await groupWith();
    const big = await api.call("GET", `/chats/${chatId}/messages?limit=101`, { token: ownerToken });
    expect(big.status).toBe(400);
    expect(big.body.errors[0].path).toBe("query.limit");
    const both = await api.call("GET", `/chats/${chatId}/messages?before=3&after=1`, { token: ownerToken });
    expect(both.status).toBe(400);
  });
});

describe("PATCH /chats/{id}/messages/{mid}", () => {
  it("lets the sender edit, sets editedAt, keeps the old text in message_edits and publishes message_updated", async () => {
    const member = uniqueId("member");
    const { chatId, ownerToken } = await groupWith(member);
    const sent = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "v1" },
    });
    const frames = await api.watch(chatId);
    const edited = await api.call("PATCH", `/chats/${chatId}/messages/${sent.body.id}`, {
      token: ownerToken,
      body: { content: "v2" },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ content: "v2", seq: sent.body.seq });
    expect(edited.body.editedAt).not.toBeNull();
    const history = await api.db
      .sql`select previous_content from message_edits where message_id = ${sent.body.id}`;
    expect(history.map((row) => row.previous_content)).toEqual(["v1"]);
    await expect.poll(() => frames.map((f) => f.frame.type)).toEqual(["message_updated"]);
    const byOther = await api.call("PATCH", `/chats/${chatId}/messages/${sent.body.id}`, {
      token: await api.token(member),
      body: { content: "hijack" },
    });
    expect(byOther.status).toBe(403);
  });

  it("refuses to edit a deleted message with 409", async () => {
    const { chatId, ownerToken } = await groupWith();
    const sent = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "bye" },
    });
    await api.call("DELETE", `/chats/${chatId}/messages/${sent.body.id}`, { token: ownerToken });
    const res = await api.call("PATCH", `/chats/${chatId}/messages/${sent.body.id}`, {
      token: ownerToken,
      body: { content: "x" },
    });
    expect(res.status).toBe(409);
  });
});

describe("DELETE /chats/{id}/messages/{mid}", () => {
  it("soft-deletes: content gone, deletedAt set, seq kept, message_deleted published, repeat is harmless", async () => {
    const { chatId, ownerToken } = await groupWith();
    const sent = await api.call("POST", `/chats/${chatId}/messages`, {
      token: ownerToken,
      body: { content: "secret" },
    });
    const frames = await api.watch(chatId);
    const res = await api.call("DELETE", `/chats/${chatId}/messages/${sent.body.id}`, { token: ownerToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: sent.body.id, seq: sent.body.seq, content: "", attachments: [] });
    expect(res.body.deletedAt).not.toBeNull();
    const page = await api.call("GET", `/chats/${chatId}/messages`, { token: ownerToken });
    expect(page.body.items[0]).toMatchObject({ seq: sent.body.seq, content: "" });
    const again = await api.call("DELETE", `/chats/${chatId}/messages/${sent.body.id}`, {
      token: ownerToken,
    });
    expect(again.status).toBe(200);
    await expect.poll(() => frames.map((f) => f.frame.type)).toEqual(["message_deleted"]);
  });
});

describe("POST /chats/{id}/read", () => {
  it("moves the read mark forward only, caps it at the last seq and reports unreadCount", async () => {
    const member = uniqueId("member");
    const { chatId, ownerToken } = await groupWith(member);
    for (let i = 0; i < 5; i++) {
      await api.call("POST", `/chats/${chatId}/messages`, { token: ownerToken, body: { content: `m${i}` } });
    }
    const token = await api.token(member);
    const frames = await api.watch(chatId);
    const three = await api.call("POST", `/chats/${chatId}/read`, { token, body: { seq: 3 } });
    expect(three.body).toEqual({ lastReadSeq: 3, unreadCount: 2 });
    const back = await api.call("POST", `/chats/${chatId}/read`, { token, body: { seq: 1 } });
    expect(back.body).toEqual({ lastReadSeq: 3, unreadCount: 2 });
    const beyond = await api.call("POST", `/chats/${chatId}/read`, { token, body: { seq: 99 } });
    expect(beyond.body).toEqual({ lastReadSeq: 5, unreadCount: 0 });
    await expect
      .poll(() => frames.map((f) => f.frame))
      .toEqual([
        { type: "read", chatId, userId: member, seq: 3 },
        { type: "read", chatId, userId: member, seq: 5 },
      ]);
  });

  it("never moves back when marks race: the final mark is the highest one sent", async () => {
    const member = uniqueId("member");
    const { chatId, ownerToken } = await groupWith(member);
    for (let i = 0; i < 30; i++) {
      await api.call("POST", `/chats/${chatId}/messages`, { token: ownerToken, body: { content: `m${i}` } });
    }
    const token = await api.token(member);
    const seqs = Array.from({ length: 30 }, (_, i) => ((i * 7) % 30) + 1);
    const results = await Promise.all(
      seqs.map((seq) => api.call("POST", `/chats/${chatId}/read`, { token, body: { seq } })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const chat = await api.call("GET", `/chats/${chatId}`, { token });
    expect(chat.body.members.find((m: any) => m.userId === member).lastReadSeq).toBe(30);
  });
});
