import { ModerationCase, Report } from "@chat/shared/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

async function groupChat(extraMessages = 0) {
  const [owner, member, other] = [uniqueId("owner"), uniqueId("member"), uniqueId("other")];
  const ownerToken = await api.token(owner);
  const chat = await api.call("POST", "/chats", {
    token: ownerToken,
    body: { type: "group", title: "g", memberIds: [member, other] },
  });
  const chatId = chat.body.id as string;
  const memberToken = await api.token(member);
  for (let i = 0; i < extraMessages; i++) {
    await api.call("POST", `/chats/${chatId}/messages`, { token: memberToken, body: { content: `m${i}` } });
  }
  const bad = await api.call("POST", `/chats/${chatId}/messages`, {
    token: memberToken,
    body: { content: "pay me on the side" },
  });
  return {
    chatId,
    owner,
    member,
    other,
    ownerToken,
    memberToken,
    otherToken: await api.token(other),
    messageId: bad.body.id as string,
  };
}

const outboxOf = (type: string, chatId: string) =>
  api.db.sql`select event from outbox where routing_key = ${type} and event->'data'->>'chatId' = ${chatId}`;

async function openCases(token: string) {
  const items: ModerationCase[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: ModerationCase[]; nextCursor: string | null } } = await api.call(
      "GET",
      `/moderation/cases?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      { token },
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe("POST /chats/{id}/reports", () => {
  it("files one report per reporter and target (201, then 200 the same), grouped into one case with counted reasons", async () => {
    const f = await groupChat();
    const first = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "scam", messageId: f.messageId, comment: "asks to pay outside" },
    });
    expect(first.status).toBe(201);
    expect(Report.parse(first.body)).toMatchObject({
      reporterId: f.owner,
      reason: "scam",
      target: { type: "message", chatId: f.chatId, messageId: f.messageId, userId: f.member },
    });
    const again = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "spam", messageId: f.messageId },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const second = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.otherToken,
      body: { reason: "off_platform", messageId: f.messageId },
    });
    expect(second.status).toBe(201);
    expect(second.body.caseId).toBe(first.body.caseId);

    const mod = await api.token(uniqueId("mod"), "moderator");
    const found = (await openCases(mod)).find((c) => c.id === first.body.caseId);
    expect(found).toMatchObject({
      reasons: { scam: 1, off_platform: 1 },
      reportCount: 2,
      status: "open",
      assigneeId: null,
      target: { type: "message", messageId: f.messageId },
    });
    expect(ModerationCase.parse(found)).toEqual(found);
    const events = await outboxOf("chat.report.created", f.chatId);
    expect(events.map((row) => row.event.data.reportId).sort()).toEqual(
      [first.body.id, second.body.id].sort(),
    );
  });

  it("snapshots the reported message as it stood and the 20 messages before it", async () => {
    const f = await groupChat(25);
    const res = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "scam", messageId: f.messageId },
    });
    await api.call("PATCH", `/chats/${f.chatId}/messages/${f.messageId}`, {
      token: f.memberToken,
      body: { content: "nothing to see" },
    });
    const mod = await api.token(uniqueId("mod"), "moderator");
    const found = (await openCases(mod)).find((c) => c.id === res.body.caseId);
    const snapshot = found?.evidence.messages ?? [];
    expect(snapshot).toHaveLength(21);
    expect(snapshot.at(-1)).toMatchObject({ id: f.messageId, content: "pay me on the side" });
    expect(snapshot.map((m) => m.content).slice(0, 2)).toEqual(["m5", "m6"]);
  });

  it("targets a former member, or the chat; refuses one's own message, oneself and strangers (400)", async () => {
    const f = await groupChat();
    await api.call("PATCH", `/chats/${f.chatId}`, {
      token: f.ownerToken,
      body: { removeMemberIds: [f.other] },
    });
    const former = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "harassment", userId: f.other },
    });
    expect(former.status).toBe(201);
    expect(former.body.target).toEqual({ type: "user", chatId: f.chatId, userId: f.other });
    const chat = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "other" },
    });
    expect(chat.body.target).toEqual({ type: "chat", chatId: f.chatId });
    const refusals = [
      { token: f.memberToken, body: { reason: "spam", messageId: f.messageId }, path: "messageId" },
      { token: f.memberToken, body: { reason: "spam", userId: f.member }, path: "userId" },
      { token: f.memberToken, body: { reason: "spam", userId: uniqueId("stranger") }, path: "userId" },
      { token: f.memberToken, body: { reason: "burn" }, path: "reason" },
    ];
    for (const { token, body, path } of refusals) {
      const res = await api.call("POST", `/chats/${f.chatId}/reports`, { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0].path).toBe(path);
    }
  });
});

describe("the review queue", () => {
  it("lists open cases oldest first across pages, and is refused to users (403)", async () => {
    const a = await groupChat();
    const b = await groupChat();
    const first = await api.call("POST", `/chats/${a.chatId}/reports`, {
      token: a.ownerToken,
      body: { reason: "spam", messageId: a.messageId },
    });
    const second = await api.call("POST", `/chats/${b.chatId}/reports`, {
      token: b.ownerToken,
      body: { reason: "spam", messageId: b.messageId },
    });
    const ids = (await openCases(await api.token(uniqueId("admin"), "admin"))).map((c) => c.id);
    expect(ids.indexOf(first.body.caseId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.body.caseId)).toBeLessThan(ids.indexOf(second.body.caseId));
    expect(new Set(ids).size).toBe(ids.length);
    const user = await api.call("GET", "/moderation/cases", { token: a.ownerToken });
    expect(user.status).toBe(403);
    const badCursor = await api.call("GET", "/moderation/cases?cursor=nope", {
      token: await api.token("m", "moderator"),
    });
    expect(badCursor.status).toBe(400);
  });

  it("claims: another moderator's case is 409, an admin takes it over", async () => {
    const f = await groupChat();
    const report = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "spam", messageId: f.messageId },
    });
    const [modA, modB] = [uniqueId("moda"), uniqueId("modb")];
    const claim = (token: string) =>
      api.call("POST", `/moderation/cases/${report.body.caseId}/claim`, { token });
    const claimed = await claim(await api.token(modA, "moderator"));
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: "assigned", assigneeId: modA });
    expect((await claim(await api.token(modA, "moderator"))).status).toBe(200);
    expect((await claim(await api.token(modB, "moderator"))).status).toBe(409);
    const admin = uniqueId("admin");
    const takeover = await claim(await api.token(admin, "admin"));
    expect(takeover.body.assigneeId).toBe(admin);
    const assigned = await api.call("GET", "/moderation/cases?status=assigned&limit=100", {
      token: await api.token(admin, "admin"),
    });
    expect(assigned.body.items.map((c: ModerationCase) => c.id)).toContain(report.body.caseId);
  });
});

describe("POST /moderation/cases/{id}/resolve", () => {
  it("applies the action with the close; a refused action leaves the case open", async () => {
    const f = await groupChat();
    const report = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "scam", messageId: f.messageId },
    });
    const caseId = report.body.caseId as string;
    const mod = uniqueId("mod");
    const modToken = await api.token(mod, "moderator");
    const frames = await api.watch(f.chatId);
    const unclaimed = await api.call("POST", `/moderation/cases/${caseId}/resolve`, {
      token: modToken,
      body: { action: "dismiss", comment: "" },
    });
    expect(unclaimed.status).toBe(403);
    await api.call("POST", `/moderation/cases/${caseId}/claim`, { token: modToken });
    const resolved = await api.call("POST", `/moderation/cases/${caseId}/resolve`, {
      token: modToken,
      body: { action: "mute", durationSec: 3600, comment: "off-platform payment" },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: "closed", action: "mute", resolvedBy: mod });
    const [mute] = await api.db
      .sql`select until, muted_by from chat_mutes where chat_id = ${f.chatId} and user_id = ${f.member}`;
    expect(mute?.muted_by).toBe(mod);
    expect(new Date(mute?.until).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const audit = await api.db
      .sql`select action, actor_id, target_user_id from moderation_actions where chat_id = ${f.chatId} order by created_at, action`;
    expect(audit).toEqual([
      { action: "case.claimed", actor_id: mod, target_user_id: f.member },
      { action: "case.resolved", actor_id: mod, target_user_id: f.member },
      { action: "member.muted", actor_id: mod, target_user_id: f.member },
    ]);
    expect((await outboxOf("chat.member.muted", f.chatId))[0]?.event.data).toMatchObject({
      userId: f.member,
      mutedBy: mod,
    });
    expect((await outboxOf("chat.case.resolved", f.chatId))[0]?.event.data).toMatchObject({
      caseId,
      action: "mute",
    });
    await expect.poll(() => frames.map((m) => m.frame.type)).toEqual(["member_muted"]);
    const again = await api.call("POST", `/moderation/cases/${caseId}/resolve`, {
      token: modToken,
      body: { action: "dismiss", comment: "" },
    });
    expect(again.status).toBe(409);
  });

  it("refuses a ban outside group chats with 409 and leaves the case open and nothing banned", async () => {
    const [buyer, seller] = [uniqueId("buyer"), uniqueId("seller")];
    const admin = await api.token(uniqueId("admin"), "admin");
    const deal = await api.call("POST", "/chats", {
      token: admin,
      body: { type: "deal", orderId: uniqueId("order"), memberIds: [buyer, seller] },
    });
    const chatId = deal.body.id as string;
    const report = await api.call("POST", `/chats/${chatId}/reports`, {
      token: await api.token(buyer),
      body: { reason: "scam", userId: seller },
    });
    const res = await api.call("POST", `/moderation/cases/${report.body.caseId}/resolve`, {
      token: admin,
      body: { action: "ban_from_chat", comment: "" },
    });
    expect(res.status).toBe(409);
    const chatTarget = await api.call("POST", `/chats/${chatId}/reports`, {
      token: await api.token(buyer),
      body: { reason: "other" },
    });
    const noUser = await api.call("POST", `/moderation/cases/${chatTarget.body.caseId}/resolve`, {
      token: admin,
      body: { action: "mute", comment: "" },
    });
    expect(noUser.status).toBe(400);
    expect(await api.db.sql`select 1 from chat_bans where chat_id = ${chatId}`).toHaveLength(0);
    const [row] = await api.db.sql`select status from moderation_cases where id = ${report.body.caseId}`;
    expect(row?.status).toBe("open");
    expect(await outboxOf("chat.case.resolved", chatId)).toHaveLength(0);
  });

  it("deletes the reported message, keeping its text as a version, and freezes a chat", async () => {
    const f = await groupChat();
    const admin = uniqueId("admin");
    const adminToken = await api.token(admin, "admin");
    const report = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "scam", messageId: f.messageId },
    });
    const del = await api.call("POST", `/moderation/cases/${report.body.caseId}/resolve`, {
      token: adminToken,
      body: { action: "delete_message", comment: "scam" },
    });
    expect(del.status).toBe(200);
    const [message] = await api.db.sql`select deleted_at from messages where id = ${f.messageId}`;
    expect(message?.deleted_at).not.toBeNull();
    const versions = await api.db
      .sql`select previous_content, change from message_edits where message_id = ${f.messageId}`;
    expect(versions).toEqual([{ previous_content: "pay me on the side", change: "delete" }]);
    const chatReport = await api.call("POST", `/chats/${f.chatId}/reports`, {
      token: f.ownerToken,
      body: { reason: "spam" },
    });
    const frames = await api.watch(f.chatId);
    await api.call("POST", `/moderation/cases/${chatReport.body.caseId}/resolve`, {
      token: adminToken,
      body: { action: "freeze_chat", comment: "raid" },
    });
    const chat = await api.call("GET", `/chats/${f.chatId}`, { token: f.ownerToken });
    expect(chat.body.frozen).toBe(true);
    await expect
      .poll(() => frames.map((m) => m.frame))
      .toEqual([
        expect.objectContaining({ type: "chat_updated", chat: expect.objectContaining({ frozen: true }) }),
      ]);
  });
});
