import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

async function dealChat() {
  const [buyer, seller] = [uniqueId("buyer"), uniqueId("seller")];
  const admin = await api.token(uniqueId("svc"), "admin");
  const orderId = uniqueId("order");
  const chat = await api.call("POST", "/chats", {
    token: admin,
    body: { type: "deal", orderId, memberIds: [buyer, seller] },
  });
  return {
    chatId: chat.body.id as string,
    orderId,
    buyer,
    seller,
    admin,
    buyerToken: await api.token(buyer),
  };
}

const outboxOf = (chatId: string, type: string) =>
  api.db.sql`select event from outbox where routing_key = ${type} and event->'data'->>'chatId' = ${chatId}`;

describe("POST /chats/{id}/dispute", () => {
  it("opens one dispute with a system message and chat.dispute.opened; a second is 409", async () => {
    const { chatId, buyerToken, buyer, orderId } = await dealChat();
    const frames = await api.watch(chatId);
    const res = await api.call("POST", `/chats/${chatId}/dispute`, {
      token: buyerToken,
      body: { reason: "item never arrived" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      chatId,
      status: "open",
      reason: "item never arrived",
      openedBy: buyer,
      source: "chat",
    });
    const page = await api.call("GET", `/chats/${chatId}/messages`, { token: buyerToken });
    expect(page.body.items.at(-1)).toMatchObject({ type: "system", senderId: null });
    const events = await outboxOf(chatId, "chat.dispute.opened");
    expect(events[0]?.event.data).toMatchObject({ orderId, disputeId: res.body.id });
    const again = await api.call("POST", `/chats/${chatId}/dispute`, {
      token: buyerToken,
      body: { reason: "again" },
    });
    expect(again.status).toBe(409);
    await expect.poll(() => frames.map((f) => f.frame.type)).toEqual(["new_message", "chat_updated"]);
  });

  it("refuses disputes outside deal chats with 409", async () => {
    const owner = uniqueId("owner");
    const token = await api.token(owner);
    const group = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "g", memberIds: [] },
    });
    const res = await api.call("POST", `/chats/${group.body.id}/dispute`, { token, body: { reason: "x" } });
    expect(res.status).toBe(409);
  });
});

describe("POST /chats/{id}/moderator", () => {
  it("joins the moderator with member role moderator, a system message, the outbox event and an audit row", async () => {
    const { chatId, buyerToken } = await dealChat();
    const mod = uniqueId("mod");
    const frames = await api.watch(chatId);
    const res = await api.call("POST", `/chats/${chatId}/moderator`, {
      token: await api.token(mod, "moderator"),
      body: { moderatorId: mod },
    });
    expect(res.status).toBe(200);
    expect(res.body.members.find((m: any) => m.userId === mod)).toMatchObject({ role: "moderator" });
    const page = await api.call("GET", `/chats/${chatId}/messages`, { token: buyerToken });
    expect(page.body.items.at(-1)).toMatchObject({ type: "system" });
    expect(await outboxOf(chatId, "chat.moderator.assigned")).toHaveLength(1);
    const audit = await api.db
      .sql`select action, target_id from moderation_actions where chat_id = ${chatId}`;
    expect(audit).toEqual([{ action: "moderator.assigned", target_id: mod }]);
    await expect.poll(() => frames.map((f) => f.frame.type)).toEqual(["member_added", "new_message"]);
    const repeat = await api.call("POST", `/chats/${chatId}/moderator`, {
      token: await api.token(mod, "moderator"),
      body: { moderatorId: mod },
    });
    expect(repeat.status).toBe(200);
    expect(await outboxOf(chatId, "chat.moderator.assigned")).toHaveLength(1);
  });

  it("is refused to a member who is only a user (403)", async () => {
    const { chatId, buyerToken, buyer } = await dealChat();
    const res = await api.call("POST", `/chats/${chatId}/moderator`, {
      token: buyerToken,
      body: { moderatorId: buyer },
    });
    expect(res.status).toBe(403);
  });
});

describe("who moderates a chat", () => {
  const assign = (chatId: string, token: string, moderatorId: string) =>
    api.call("POST", `/chats/${chatId}/moderator`, { token, body: { moderatorId } });
  /** A request with the user's token: the users projection learns their role from it. */
  const signIn = async (userId: string, role: "user" | "moderator" | "admin") => {
    const token = await api.token(userId, role);
    expect((await api.call("GET", "/chats", { token })).status).toBe(200);
    return token;
  };

  it("an unassigned moderator gets 404 on the chat and its messages until they assign themselves", async () => {
    const { chatId } = await dealChat();
    const mod = uniqueId("mod");
    const token = await api.token(mod, "moderator");
    expect((await api.call("GET", `/chats/${chatId}`, { token })).status).toBe(404);
    expect((await api.call("GET", `/chats/${chatId}/messages`, { token })).status).toBe(404);
    expect((await assign(chatId, token, mod)).status).toBe(200);
    expect((await api.call("GET", `/chats/${chatId}`, { token })).status).toBe(200);
    expect((await api.call("GET", `/chats/${chatId}/messages`, { token })).body.items.at(-1)).toMatchObject({
      type: "system",
      content: "A moderator joined the chat",
    });
  });

  it("a party of the deal never becomes its moderator, even with a moderator token, by an admin or by themselves", async () => {
    const { chatId, seller, admin } = await dealChat();
    const sellerAsModerator = await signIn(seller, "moderator");
    for (const token of [admin, sellerAsModerator]) {
      const res = await assign(chatId, token, seller);
      expect(res.status).toBe(409);
      expect(res.body.detail).toBe("a participant of the chat cannot become its moderator");
    }
    expect(
      await api.db.sql`select role from chat_members where chat_id = ${chatId} and user_id = ${seller}`,
    ).toEqual([{ role: "member" }]);
    expect(await outboxOf(chatId, "chat.moderator.assigned")).toHaveLength(0);
  });

  it("only a user whose latest token says moderator or admin can be assigned: a plain user, an unknown id and a demoted moderator are 400", async () => {
    const { chatId, admin } = await dealChat();
    const plain = uniqueId("plain");
    await signIn(plain, "user");
    const demoted = uniqueId("demoted");
    await signIn(demoted, "moderator");
    await signIn(demoted, "user");
    for (const moderatorId of [plain, uniqueId("unseen"), demoted]) {
      const res = await assign(chatId, admin, moderatorId);
      expect(res.status, moderatorId).toBe(400);
      expect(res.body.errors).toEqual([
        { path: "moderatorId", message: "must name a moderator or admin who has signed in to chat-svc" },
      ]);
    }
    const promoted = uniqueId("promoted");
    await signIn(promoted, "user");
    await signIn(promoted, "moderator");
    expect((await assign(chatId, admin, promoted)).status).toBe(200);
  });

  it("private chats take no moderator (409), so no one is pulled into a pair", async () => {
    const alice = uniqueId("alice");
    const aliceToken = await api.token(alice);
    const chat = await api.call("POST", "/chats", {
      token: aliceToken,
      body: { type: "private", memberIds: [uniqueId("bob")] },
    });
    const mod = uniqueId("mod");
    await signIn(mod, "moderator");
    const admin = await api.token(uniqueId("admin"), "admin");
    const res = await assign(chat.body.id, admin, mod);
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe("private chats take no moderator");
    const after = await api.call("GET", `/chats/${chat.body.id}`, { token: aliceToken });
    expect(after.body.members).toHaveLength(2);
  });
});

describe("POST /chats/{id}/resolve", () => {
  it("lets the chat's moderator close the dispute with outcome and comment, once", async () => {
    const { chatId, buyerToken, orderId } = await dealChat();
    await api.call("POST", `/chats/${chatId}/dispute`, { token: buyerToken, body: { reason: "broken" } });
    const mod = uniqueId("mod");
    const modToken = await api.token(mod, "moderator");
    await api.call("POST", `/chats/${chatId}/moderator`, { token: modToken, body: { moderatorId: mod } });
    const res = await api.call("POST", `/chats/${chatId}/resolve`, {
      token: modToken,
      body: { outcome: "partial_refund", comment: "half back" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "resolved",
      outcome: "partial_refund",
      comment: "half back",
      resolvedBy: mod,
    });
    const events = await outboxOf(chatId, "chat.dispute.resolved");
    expect(events[0]?.event.data).toMatchObject({
      orderId,
      outcome: "partial_refund",
      comment: "half back",
      resolvedBy: mod,
    });
    const audit = await api.db
      .sql`select action from moderation_actions where chat_id = ${chatId} order by created_at`;
    expect(audit.map((row) => row.action)).toContain("dispute.resolved");
    const page = await api.call("GET", `/chats/${chatId}/messages`, { token: buyerToken });
    expect(page.body.items.at(-1)).toMatchObject({ type: "system" });
    const again = await api.call("POST", `/chats/${chatId}/resolve`, {
      token: modToken,
      body: { outcome: "no_action", comment: "" },
    });
    expect(again.status).toBe(409);
  });

  it("is refused to a moderator who does not moderate this chat (404: unassigned, they cannot see it), and rejects unknown outcomes (400)", async () => {
    const { chatId, buyerToken, admin } = await dealChat();
    await api.call("POST", `/chats/${chatId}/dispute`, { token: buyerToken, body: { reason: "broken" } });
    const outsider = await api.token(uniqueId("mod"), "moderator");
    const res = await api.call("POST", `/chats/${chatId}/resolve`, {
      token: outsider,
      body: { outcome: "no_action", comment: "" },
    });
    expect(res.status).toBe(404);
    const bad = await api.call("POST", `/chats/${chatId}/resolve`, {
      token: admin,
      body: { outcome: "burn_it", comment: "" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("outcome");
  });
});
