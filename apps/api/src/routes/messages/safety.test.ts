import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFF_PLATFORM_WARNING } from "../../services/safety/record";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
let adminToken: string;
beforeAll(async () => {
  api = await createTestApi({ config: { RULES_POLL_MS: 0 } });
  adminToken = await api.token(uniqueId("admin"), "admin");
});
afterAll(async () => {
  await api.close();
});

async function chatOf(type: "deal" | "group" | "private") {
  const [sender, other] = [uniqueId("sender"), uniqueId("other")];
  const senderToken = await api.token(sender);
  const body =
    type === "deal"
      ? { type, orderId: uniqueId("order"), memberIds: [sender, other] }
      : type === "group"
        ? { type, title: "G", memberIds: [other] }
        : { type, memberIds: [other] };
  const chat = await api.call("POST", "/chats", { token: type === "deal" ? adminToken : senderToken, body });
  expect(chat.status).toBe(201);
  return { chatId: chat.body.id as string, sender, senderToken, otherToken: await api.token(other) };
}

const send = (chatId: string, token: string, content: string) =>
  api.call("POST", `/chats/${chatId}/messages`, { token, body: { content } });
const messagesOf = async (chatId: string, token: string) =>
  (await api.call("GET", `/chats/${chatId}/messages`, { token })).body.items as {
    type: string;
    content: string;
    flags: string[];
  }[];
const flaggedEvents = (chatId: string) =>
  api.db
    .sql`select event from outbox where routing_key = 'chat.message.flagged' and event->'data'->>'chatId' = ${chatId}`;
const auditOf = (chatId: string, action: string) =>
  api.db
    .sql`select actor_id, target_user_id, details from moderation_actions where chat_id = ${chatId} and action = ${action}`;

describe("the default policy in a deal chat", () => {
  it("blocks a phishing link with 422 CONTENT_BLOCKED and every category, and stores only an audit entry", async () => {
    const { chatId, sender, senderToken } = await chatOf("deal");
    const res = await send(
      chatId,
      senderToken,
      "pay here steamcommunlty.com/tradeoffer/1 and add me on tg @x_deals",
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: "CONTENT_BLOCKED",
      category: "suspicious_link",
      categories: ["off_platform_contact", "off_platform_payment", "suspicious_link"],
    });
    expect(res.body.ruleId).toBeUndefined();
    expect(await messagesOf(chatId, senderToken)).toEqual([]);
    const [audit] = await auditOf(chatId, "message.blocked");
    expect(audit).toMatchObject({
      actor_id: null,
      target_user_id: sender,
      details: { category: "suspicious_link" },
    });
  });

  it("masks and flags a contact, keeps the original as a version and warns the chat once per 10 minutes", async () => {
    const { chatId, sender, senderToken } = await chatOf("deal");
    const frames = await api.watch(chatId);
    const original = "ok, пиши в тг @skins_msk";
    const res = await send(chatId, senderToken, original);
    expect(res.status).toBe(201);
    expect(res.body.flags).toEqual(["off_platform_contact"]);
    expect(res.body.content).not.toContain("@skins_msk");
    expect(res.body.content).toContain("***");
    const [version] = await api.db
      .sql`select previous_content, editor_id from message_edits where message_id = ${res.body.id}`;
    expect(version).toEqual({ previous_content: original, editor_id: sender });
    const [event] = await flaggedEvents(chatId);
    expect(event?.event.data).toEqual({
      chatId,
      messageId: res.body.id,
      senderId: sender,
      categories: ["off_platform_contact"],
      action: "mask",
    });
    const second = await send(chatId, senderToken, "my card 4111 1111 1111 1111");
    expect(second.body).toMatchObject({ flags: ["off_platform_payment"], content: "my card ***" });
    const messages = await messagesOf(chatId, senderToken);
    expect(messages.map((m) => m.type)).toEqual(["text", "system", "text"]);
    expect(messages[1]?.content).toBe(OFF_PLATFORM_WARNING);
    await expect
      .poll(() => frames.map((f) => f.frame.type === "new_message" && f.frame.message.type))
      .toEqual(["text", "system", "text"]);
  });

  it("holds an edit to the same policy: a phishing link is refused, a contact is masked", async () => {
    const { chatId, senderToken } = await chatOf("deal");
    const sent = await send(chatId, senderToken, "the skin is yours");
    const path = `/chats/${chatId}/messages/${sent.body.id}`;
    const blocked = await api.call("PATCH", path, {
      token: senderToken,
      body: { content: "see bit.ly/abc" },
    });
    expect(blocked.status).toBe(422);
    expect(blocked.body.category).toBe("suspicious_link");
    const masked = await api.call("PATCH", path, {
      token: senderToken,
      body: { content: "mail me at trader.joe@gmail.com" },
    });
    expect(masked.body).toMatchObject({ content: "mail me at ***", flags: ["off_platform_contact"] });
    const versions = await api.db
      .sql`select previous_content from message_edits where message_id = ${sent.body.id} order by id`;
    expect(versions.map((v) => v.previous_content)).toEqual([
      "the skin is yours",
      "mail me at trader.joe@gmail.com",
    ]);
  });

  it("answers a non-member's blocked text with 404, not 422", async () => {
    const { chatId } = await chatOf("deal");
    const stranger = await api.token(uniqueId("stranger"));
    expect((await send(chatId, stranger, "bit.ly/abc")).status).toBe(404);
  });
});

describe("flags open cases, and a third flag in 24 hours mutes the sender", () => {
  it("a flagged message opens a case on it; the third mutes its sender for an hour, by the system", async () => {
    const { chatId, sender, senderToken } = await chatOf("deal");
    const frames = await api.watch(chatId);
    const first = await send(chatId, senderToken, "add me on telegram @deals_one");
    const [messageCase] = await api.db
      .sql`select target_type, user_id, flags from moderation_cases where message_id = ${first.body.id}`;
    expect(messageCase).toEqual({ target_type: "message", user_id: sender, flags: ["off_platform_contact"] });
    await send(chatId, senderToken, "card 5555-5555-5555-4444");
    expect(await api.db.sql`select 1 from chat_mutes where chat_id = ${chatId}`).toEqual([]);
    await send(chatId, senderToken, "или пиши в вотсап");
    const [mute] = await api.db
      .sql`select muted_by, round(extract(epoch from until - created_at))::int as seconds from chat_mutes where chat_id = ${chatId} and user_id = ${sender}`;
    expect(mute).toEqual({ muted_by: null, seconds: 3600 });
    const [audit] = await auditOf(chatId, "member.muted");
    expect(audit).toMatchObject({ actor_id: null, target_user_id: sender });
    const [userCase] = await api.db
      .sql`select status from moderation_cases where chat_id = ${chatId} and target_type = 'user' and user_id = ${sender}`;
    expect(userCase).toEqual({ status: "open" });
    const [event] = await api.db
      .sql`select event from outbox where routing_key = 'chat.member.muted' and event->'data'->>'chatId' = ${chatId}`;
    expect(event?.event.data).toMatchObject({ userId: sender, mutedBy: null });
    await expect.poll(() => frames.some((f) => f.frame.type === "member_muted")).toBe(true);
  });
});

describe("the default policy in group and private chats", () => {
  it("lets contacts and payment details pass untouched but lists them in flags", async () => {
    const { chatId, senderToken } = await chatOf("group");
    const res = await send(chatId, senderToken, "add me on discord: lexa_boost");
    expect(res.body).toMatchObject({
      content: "add me on discord: lexa_boost",
      flags: ["off_platform_contact"],
    });
    expect(await flaggedEvents(chatId)).toEqual([]);
  });

  it("masks and flags a suspicious link", async () => {
    const { chatId, senderToken } = await chatOf("private");
    const res = await send(chatId, senderToken, "screens here: bit.ly/3Xc9QpL");
    expect(res.body).toMatchObject({ content: "screens here: ***", flags: ["suspicious_link"] });
    const [event] = await flaggedEvents(chatId);
    expect(event?.event.data).toMatchObject({ categories: ["suspicious_link"], action: "mask" });
  });

  it("gives a benign message flags []", async () => {
    const { chatId, senderToken } = await chatOf("group");
    const res = await send(chatId, senderToken, "selling Discord Nitro 1 month, 4$");
    expect(res.body.flags).toEqual([]);
  });
});

describe("admin rules on send", () => {
  const rule = async (body: Record<string, unknown>) => {
    const res = await api.call("POST", "/moderation/rules", { token: adminToken, body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it("block refuses with the rule id, mask replaces each match, flag delivers unchanged and records a flag", async () => {
    const word = uniqueId("blockword").replace("-", "");
    const blockId = await rule({ kind: "word", value: word, action: "block", chatTypes: ["group"] });
    await rule({ kind: "pattern", value: "ord-\\d{4}", action: "mask" });
    const flagId = await rule({ kind: "domain", value: "sketchy-market.example", action: "flag" });
    const { chatId, senderToken } = await chatOf("group");
    const blocked = await send(chatId, senderToken, `this is ${word.toUpperCase()}`);
    expect(blocked.body).toMatchObject({
      code: "CONTENT_BLOCKED",
      category: "rule",
      categories: [],
      ruleId: blockId,
    });
    const masked = await send(chatId, senderToken, "codes ORD-1234 and ord-9999");
    expect(masked.body.content).toBe("codes *** and ***");
    const flagged = await send(chatId, senderToken, "see shop.sketchy-market.example/deal");
    expect(flagged.body.content).toBe("see shop.sketchy-market.example/deal");
    const [row] = await api.db
      .sql`select rule_ids, action from safety_flags where message_id = ${flagged.body.id}`;
    expect(row).toEqual({ rule_ids: [flagId], action: "flag" });
    const deal = await chatOf("deal");
    expect((await send(deal.chatId, deal.senderToken, `this is ${word}`)).status).toBe(201);
  });
});
