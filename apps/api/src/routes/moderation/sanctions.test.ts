import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

/** A group with its owner, a member, and an assigned moderator. */
async function moderatedGroup() {
  const [owner, member, mod] = [uniqueId("owner"), uniqueId("member"), uniqueId("mod")];
  const ownerToken = await api.token(owner);
  const chat = await api.call("POST", "/chats", {
    token: ownerToken,
    body: { type: "group", title: "g", memberIds: [member] },
  });
  const chatId = chat.body.id as string;
  const modToken = await api.token(mod, "moderator");
  await api.call("POST", `/chats/${chatId}/moderator`, { token: modToken, body: { moderatorId: mod } });
  return { chatId, owner, member, mod, ownerToken, modToken, memberToken: await api.token(member) };
}

const send = (chatId: string, token: string, content = "hi") =>
  api.call("POST", `/chats/${chatId}/messages`, { token, body: { content } });

describe("mutes", () => {
  it("a muted member reads but cannot send or edit (403 MUTED with mutedUntil) until the mute is lifted", async () => {
    const f = await moderatedGroup();
    const before = await send(f.chatId, f.memberToken, "before");
    const frames = await api.watch(f.chatId);
    const mute = await api.call("POST", `/chats/${f.chatId}/mutes`, {
      token: f.modToken,
      body: { userId: f.member, durationSec: 600, reason: "spam" },
    });
    expect(mute.status).toBe(201);
    expect(mute.body).toMatchObject({ userId: f.member, reason: "spam", createdBy: f.mod });
    const refused = await send(f.chatId, f.memberToken);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "MUTED", mutedUntil: mute.body.until });
    const edit = await api.call("PATCH", `/chats/${f.chatId}/messages/${before.body.id}`, {
      token: f.memberToken,
      body: { content: "edited" },
    });
    expect(edit.body.code).toBe("MUTED");
    expect((await api.call("GET", `/chats/${f.chatId}/messages`, { token: f.memberToken })).status).toBe(200);
    expect((await send(f.chatId, f.ownerToken)).status).toBe(201);

    const lift = await api.call("DELETE", `/chats/${f.chatId}/mutes/${f.member}`, { token: f.modToken });
    expect(lift.status).toBe(204);
    expect((await send(f.chatId, f.memberToken)).status).toBe(201);
    const again = await api.call("DELETE", `/chats/${f.chatId}/mutes/${f.member}`, { token: f.modToken });
    expect(again.status).toBe(204);
    await expect
      .poll(() => frames.map((m) => m.frame.type))
      .toEqual(["member_muted", "new_message", "member_unmuted", "new_message"]);
    const audit = await api.db
      .sql`select action from moderation_actions where chat_id = ${f.chatId} and target_user_id = ${f.member} order by created_at`;
    expect(audit.map((row) => row.action)).toEqual(["member.muted", "member.unmuted"]);
  });

  it("a mute without a duration has mutedUntil null; an expired mute is not in force, with no job to lift it", async () => {
    const f = await moderatedGroup();
    await api.call("POST", `/chats/${f.chatId}/mutes`, { token: f.modToken, body: { userId: f.member } });
    const refused = await send(f.chatId, f.memberToken);
    expect(refused.body).toMatchObject({ code: "MUTED", mutedUntil: null });
    await api.db.sql`update chat_mutes set until = now() - interval '1 second' where chat_id = ${f.chatId}`;
    expect((await send(f.chatId, f.memberToken)).status).toBe(201);
  });

  it("is the chat's moderator's or an admin's: members get 403, a moderator of another chat 403; a non-member target is 400", async () => {
    const f = await moderatedGroup();
    const body = { userId: f.member };
    expect((await api.call("POST", `/chats/${f.chatId}/mutes`, { token: f.ownerToken, body })).status).toBe(
      403,
    );
    const outsider = await api.token(uniqueId("mod"), "moderator");
    expect([403, 404]).toContain(
      (await api.call("POST", `/chats/${f.chatId}/mutes`, { token: outsider, body })).status,
    );
    const admin = await api.token(uniqueId("admin"), "admin");
    expect((await api.call("POST", `/chats/${f.chatId}/mutes`, { token: admin, body })).status).toBe(201);
    const stranger = await api.call("POST", `/chats/${f.chatId}/mutes`, {
      token: admin,
      body: { userId: uniqueId("stranger") },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors[0].path).toBe("userId");
  });
});

describe("bans", () => {
  it("removes the member at once, refuses adding them back with 409 BANNED until lifted, and publishes the event", async () => {
    const f = await moderatedGroup();
    const frames = await api.watch(f.chatId);
    const ban = await api.call("POST", `/chats/${f.chatId}/bans`, {
      token: f.modToken,
      body: { userId: f.member, reason: "scammer" },
    });
    expect(ban.status).toBe(201);
    await expect
      .poll(() => frames.map((m) => m.frame))
      .toEqual([{ type: "member_removed", chatId: f.chatId, userId: f.member }]);
    expect((await api.call("GET", `/chats/${f.chatId}`, { token: f.memberToken })).status).toBe(404);
    const back = await api.call("PATCH", `/chats/${f.chatId}`, {
      token: f.ownerToken,
      body: { addMemberIds: [f.member] },
    });
    expect(back.status).toBe(409);
    expect(back.body.code).toBe("BANNED");
    const [event] = await api.db
      .sql`select event from outbox where routing_key = 'chat.member.banned' and event->'data'->>'chatId' = ${f.chatId}`;
    expect(event?.event.data).toMatchObject({
      userId: f.member,
      bannedBy: f.mod,
      until: null,
      reason: "scammer",
    });

    expect(
      (await api.call("DELETE", `/chats/${f.chatId}/bans/${f.member}`, { token: f.modToken })).status,
    ).toBe(204);
    const readded = await api.call("PATCH", `/chats/${f.chatId}`, {
      token: f.ownerToken,
      body: { addMemberIds: [f.member] },
    });
    expect(readded.status).toBe(200);
  });

  it("an expired ban no longer refuses adding the user back", async () => {
    const f = await moderatedGroup();
    await api.call("POST", `/chats/${f.chatId}/bans`, {
      token: f.modToken,
      body: { userId: f.member, durationSec: 60 },
    });
    await api.db.sql`update chat_bans set until = now() - interval '1 second' where chat_id = ${f.chatId}`;
    const back = await api.call("PATCH", `/chats/${f.chatId}`, {
      token: f.ownerToken,
      body: { addMemberIds: [f.member] },
    });
    expect(back.status).toBe(200);
  });

  it("is refused outside group chats (409) and to the group's owner as target (409)", async () => {
    const [buyer, seller] = [uniqueId("buyer"), uniqueId("seller")];
    const admin = await api.token(uniqueId("admin"), "admin");
    const deal = await api.call("POST", "/chats", {
      token: admin,
      body: { type: "deal", orderId: uniqueId("order"), memberIds: [buyer, seller] },
    });
    const res = await api.call("POST", `/chats/${deal.body.id}/bans`, {
      token: admin,
      body: { userId: seller },
    });
    expect(res.status).toBe(409);
    const f = await moderatedGroup();
    const owner = await api.call("POST", `/chats/${f.chatId}/bans`, {
      token: admin,
      body: { userId: f.owner },
    });
    expect(owner.status).toBe(409);
  });
});

describe("freeze", () => {
  it("makes the chat read-only (409 FROZEN) for all but its moderator and admins, announces chat_updated, and thaws", async () => {
    const f = await moderatedGroup();
    const frames = await api.watch(f.chatId);
    const frozen = await api.call("POST", `/chats/${f.chatId}/freeze`, {
      token: f.modToken,
      body: { frozen: true, reason: "raid" },
    });
    expect(frozen.status).toBe(200);
    expect(frozen.body.frozen).toBe(true);
    const refused = await send(f.chatId, f.ownerToken);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("FROZEN");
    expect((await send(f.chatId, f.modToken)).status).toBe(201);
    const repeat = await api.call("POST", `/chats/${f.chatId}/freeze`, {
      token: f.modToken,
      body: { frozen: true },
    });
    expect(repeat.status).toBe(200);
    await api.call("POST", `/chats/${f.chatId}/freeze`, { token: f.modToken, body: { frozen: false } });
    expect((await send(f.chatId, f.ownerToken)).status).toBe(201);
    await expect
      .poll(() =>
        frames.map((m) =>
          m.frame.type === "chat_updated" ? `frozen=${m.frame.chat?.frozen}` : m.frame.type,
        ),
      )
      .toEqual(["frozen=true", "new_message", "frozen=false", "new_message"]);
    const audit = await api.db
      .sql`select action, reason from moderation_actions where chat_id = ${f.chatId} and action like 'chat.%' order by created_at`;
    expect(audit).toEqual([
      { action: "chat.frozen", reason: "raid" },
      { action: "chat.unfrozen", reason: null },
    ]);
    expect(
      (await api.call("POST", `/chats/${f.chatId}/freeze`, { token: f.ownerToken, body: { frozen: true } }))
        .status,
    ).toBe(403);
  });
});
