import {
  appendMessage,
  assignChatModerator,
  createChat,
  createReport,
  createRule,
  rememberUser,
} from "@chat/db/queries";
import { openDispute } from "@chat/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "./testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

type Persona = "nonMember" | "member" | "owner" | "moderator" | "admin" | "chatModerator";

interface Fixture {
  chatId: string;
  messageId: string;
  /** A moderation rule of this cell's own, limited to private chats so no other test meets it. */
  ruleId: string;
  /** A case on the member's message, reported by the owner; nobody has claimed it. */
  caseId: string;
  users: Record<Persona | "banned", string>;
}

/** A fresh chat per cell: owner, member, the chat's moderator and a banned member; one message by member. */
async function fixture(type: "group" | "deal", withDispute: boolean): Promise<Fixture> {
  const users = {
    nonMember: uniqueId("stranger"),
    member: uniqueId("member"),
    owner: uniqueId("owner"),
    moderator: uniqueId("moderator"),
    admin: uniqueId("admin"),
    chatModerator: uniqueId("chatmod"),
    banned: uniqueId("banned"),
  };
  return api.db.db.transaction(async (tx) => {
    const { chat } = await createChat(tx, {
      type,
      title: type === "group" ? "matrix" : null,
      orderId: type === "deal" ? uniqueId("order") : null,
      ownerId: type === "group" ? users.owner : null,
      members: [
        { userId: users.owner, role: type === "group" ? "owner" : "member" },
        { userId: users.member, role: "member" },
        { userId: users.banned, role: "member" },
      ],
    });
    await assignChatModerator(tx, { chatId: chat.id, userId: users.chatModerator });
    // The unassigned moderator has signed in before, so the projection knows them as staff.
    await rememberUser(tx, { id: users.moderator, name: null, role: "moderator" });
    await tx.execute(`update users set banned_at = now() where id = '${users.banned}'`);
    const { message } = await appendMessage(tx, {
      chatId: chat.id,
      senderId: users.member,
      content: "hello",
    });
    if (withDispute) {
      await openDispute(tx, { chat, reason: "matrix", openedBy: users.member, source: "chat" });
    }
    const rule = await createRule(tx, {
      kind: "word",
      value: uniqueId("matrixword"),
      action: "flag",
      chatTypes: ["private"],
      note: null,
      createdBy: users.admin,
    });
    const { report } = await createReport(tx, {
      chatId: chat.id,
      messageId: message.id,
      userId: users.member,
      reporterId: users.owner,
      reason: "spam",
    });
    return { chatId: chat.id, messageId: message.id, caseId: report.caseId, ruleId: rule.id, users };
  });
}

const roleOf: Record<Persona | "banned", "user" | "moderator" | "admin"> = {
  nonMember: "user",
  member: "user",
  owner: "user",
  moderator: "moderator",
  admin: "admin",
  chatModerator: "moderator",
  banned: "user",
};

interface RouteCase {
  route: string;
  chat: "group" | "deal";
  dispute?: boolean;
  request: (f: Fixture) => { method: string; path: string; body?: unknown };
  expected: Record<Persona, number>;
}

/**
 * In the deal chat, "owner" is the buyer (deal chats have no owner). moderator = the moderator role
 * without being in the chat, who sees it only once assigned (404 before); chatModerator = a moderator
 * assigned to this chat. POST /moderator assigns the unassigned moderator, as they do themselves.
 */
const STAFF_ONLY = (ok: number): Record<Persona, number> => ({
  nonMember: 403,
  member: 403,
  owner: 403,
  moderator: ok,
  admin: ok,
  chatModerator: ok,
});
const CHAT_MODERATOR_ONLY = (ok: number): Record<Persona, number> => ({
  nonMember: 404,
  member: 403,
  owner: 403,
  moderator: 404,
  admin: ok,
  chatModerator: ok,
});
const EVERYONE = (ok: number): Record<Persona, number> => ({
  nonMember: ok,
  member: ok,
  owner: ok,
  moderator: ok,
  admin: ok,
  chatModerator: ok,
});

const ROUTES: RouteCase[] = [
  {
    route: "POST /chats",
    chat: "group",
    request: (f) => ({
      method: "POST",
      path: "/chats",
      body: { type: "group", title: "t", memberIds: [f.users.member] },
    }),
    expected: { nonMember: 201, member: 201, owner: 201, moderator: 201, admin: 201, chatModerator: 201 },
  },
  {
    route: "GET /chats",
    chat: "group",
    request: () => ({ method: "GET", path: "/chats" }),
    expected: { nonMember: 200, member: 200, owner: 200, moderator: 200, admin: 200, chatModerator: 200 },
  },
  {
    route: "GET /chats/{id}",
    chat: "group",
    request: (f) => ({ method: "GET", path: `/chats/${f.chatId}` }),
    expected: { nonMember: 404, member: 200, owner: 200, moderator: 404, admin: 200, chatModerator: 200 },
  },
  {
    route: "PATCH /chats/{id}",
    chat: "group",
    request: (f) => ({ method: "PATCH", path: `/chats/${f.chatId}`, body: { title: "renamed" } }),
    expected: { nonMember: 404, member: 403, owner: 200, moderator: 404, admin: 200, chatModerator: 403 },
  },
  {
    route: "POST /chats/{id}/messages",
    chat: "group",
    request: (f) => ({ method: "POST", path: `/chats/${f.chatId}/messages`, body: { content: "hi" } }),
    expected: { nonMember: 404, member: 201, owner: 201, moderator: 404, admin: 403, chatModerator: 201 },
  },
  {
    route: "GET /chats/{id}/messages",
    chat: "group",
    request: (f) => ({ method: "GET", path: `/chats/${f.chatId}/messages` }),
    expected: { nonMember: 404, member: 200, owner: 200, moderator: 404, admin: 200, chatModerator: 200 },
  },
  {
    route: "PATCH /chats/{id}/messages/{mid}",
    chat: "group",
    request: (f) => ({
      method: "PATCH",
      path: `/chats/${f.chatId}/messages/${f.messageId}`,
      body: { content: "edit" },
    }),
    expected: { nonMember: 404, member: 200, owner: 403, moderator: 404, admin: 403, chatModerator: 403 },
  },
  {
    route: "DELETE /chats/{id}/messages/{mid}",
    chat: "group",
    request: (f) => ({ method: "DELETE", path: `/chats/${f.chatId}/messages/${f.messageId}` }),
    expected: { nonMember: 404, member: 200, owner: 403, moderator: 404, admin: 200, chatModerator: 200 },
  },
  {
    route: "POST /chats/{id}/read",
    chat: "group",
    request: (f) => ({ method: "POST", path: `/chats/${f.chatId}/read`, body: { seq: 1 } }),
    expected: { nonMember: 404, member: 200, owner: 200, moderator: 404, admin: 403, chatModerator: 200 },
  },
  {
    route: "POST /chats/{id}/dispute",
    chat: "deal",
    request: (f) => ({ method: "POST", path: `/chats/${f.chatId}/dispute`, body: { reason: "scam" } }),
    expected: { nonMember: 404, member: 201, owner: 201, moderator: 404, admin: 403, chatModerator: 201 },
  },
  {
    route: "POST /chats/{id}/moderator",
    chat: "deal",
    request: (f) => ({
      method: "POST",
      path: `/chats/${f.chatId}/moderator`,
      body: { moderatorId: f.users.moderator },
    }),
    expected: { nonMember: 404, member: 403, owner: 403, moderator: 200, admin: 200, chatModerator: 200 },
  },
  {
    route: "POST /chats/{id}/resolve",
    chat: "deal",
    dispute: true,
    request: (f) => ({
      method: "POST",
      path: `/chats/${f.chatId}/resolve`,
      body: { outcome: "refund_buyer", comment: "ok" },
    }),
    expected: { nonMember: 404, member: 403, owner: 403, moderator: 404, admin: 200, chatModerator: 200 },
  },
  {
    route: "GET /moderation/rules",
    chat: "group",
    request: () => ({ method: "GET", path: "/moderation/rules" }),
    expected: { nonMember: 403, member: 403, owner: 403, moderator: 403, admin: 200, chatModerator: 403 },
  },
  {
    route: "POST /moderation/rules",
    chat: "group",
    request: () => ({
      method: "POST",
      path: "/moderation/rules",
      body: { kind: "word", value: uniqueId("matrixword"), action: "flag", chatTypes: ["private"] },
    }),
    expected: { nonMember: 403, member: 403, owner: 403, moderator: 403, admin: 201, chatModerator: 403 },
  },
  {
    route: "DELETE /moderation/rules/{id}",
    chat: "group",
    request: (f) => ({ method: "DELETE", path: `/moderation/rules/${f.ruleId}` }),
    expected: { nonMember: 403, member: 403, owner: 403, moderator: 403, admin: 204, chatModerator: 403 },
  },
  {
    route: "POST /chats/{id}/reports",
    chat: "group",
    request: (f) => ({ method: "POST", path: `/chats/${f.chatId}/reports`, body: { reason: "spam" } }),
    expected: { nonMember: 404, member: 201, owner: 201, moderator: 404, admin: 403, chatModerator: 201 },
  },
  {
    route: "GET /moderation/cases",
    chat: "group",
    request: () => ({ method: "GET", path: "/moderation/cases" }),
    expected: STAFF_ONLY(200),
  },
  {
    route: "POST /moderation/cases/{id}/claim",
    chat: "group",
    request: (f) => ({ method: "POST", path: `/moderation/cases/${f.caseId}/claim` }),
    expected: STAFF_ONLY(200),
  },
  {
    route: "POST /moderation/cases/{id}/resolve",
    chat: "group",
    request: (f) => ({
      method: "POST",
      path: `/moderation/cases/${f.caseId}/resolve`,
      body: { action: "dismiss", comment: "" },
    }),
    expected: { nonMember: 403, member: 403, owner: 403, moderator: 403, admin: 200, chatModerator: 403 },
  },
  {
    route: "GET /moderation/disputes",
    chat: "deal",
    dispute: true,
    request: () => ({ method: "GET", path: "/moderation/disputes" }),
    expected: STAFF_ONLY(200),
  },
  {
    route: "GET /moderation/audit",
    chat: "group",
    request: () => ({ method: "GET", path: "/moderation/audit" }),
    expected: STAFF_ONLY(200),
  },
  {
    route: "POST /chats/{id}/mutes",
    chat: "group",
    request: (f) => ({ method: "POST", path: `/chats/${f.chatId}/mutes`, body: { userId: f.users.member } }),
    expected: CHAT_MODERATOR_ONLY(201),
  },
  {
    route: "DELETE /chats/{id}/mutes/{userId}",
    chat: "group",
    request: (f) => ({ method: "DELETE", path: `/chats/${f.chatId}/mutes/${f.users.member}` }),
    expected: CHAT_MODERATOR_ONLY(204),
  },
  {
    route: "POST /chats/{id}/bans",
    chat: "group",
    request: (f) => ({ method: "POST", path: `/chats/${f.chatId}/bans`, body: { userId: f.users.member } }),
    expected: CHAT_MODERATOR_ONLY(201),
  },
  {
    route: "DELETE /chats/{id}/bans/{userId}",
    chat: "group",
    request: (f) => ({ method: "DELETE", path: `/chats/${f.chatId}/bans/${f.users.member}` }),
    expected: CHAT_MODERATOR_ONLY(204),
  },
  {
    route: "POST /chats/{id}/freeze",
    chat: "group",
    request: (f) => ({ method: "POST", path: `/chats/${f.chatId}/freeze`, body: { frozen: true } }),
    expected: CHAT_MODERATOR_ONLY(200),
  },
  {
    route: "GET /chats/{id}/messages/{mid}/versions",
    chat: "group",
    request: (f) => ({ method: "GET", path: `/chats/${f.chatId}/messages/${f.messageId}/versions` }),
    expected: { nonMember: 404, member: 200, owner: 403, moderator: 404, admin: 200, chatModerator: 200 },
  },
  {
    route: "PUT /users/me/blocks/{userId}",
    chat: "group",
    request: (f) => ({ method: "PUT", path: `/users/me/blocks/${f.users.member}-x` }),
    expected: EVERYONE(200),
  },
  {
    route: "DELETE /users/me/blocks/{userId}",
    chat: "group",
    request: (f) => ({ method: "DELETE", path: `/users/me/blocks/${f.users.member}-x` }),
    expected: EVERYONE(204),
  },
  {
    route: "GET /users/me/blocks",
    chat: "group",
    request: () => ({ method: "GET", path: "/users/me/blocks" }),
    expected: EVERYONE(200),
  },
];

const PERSONAS: Persona[] = ["nonMember", "member", "owner", "moderator", "admin", "chatModerator"];
const CALLERS = ["noToken", "badToken", "expiredToken", "banned", ...PERSONAS] as const;

const cells = ROUTES.flatMap((route) =>
  CALLERS.map((caller) => ({
    name: `${route.route} as ${caller}`,
    route,
    caller,
    status:
      caller === "noToken" || caller === "badToken" || caller === "expiredToken"
        ? 401
        : caller === "banned"
          ? 403
          : route.expected[caller],
  })),
);

describe("authorization matrix: every route × every kind of caller", () => {
  it.each(cells)("$name → $status", async ({ route, caller, status }) => {
    const f = await fixture(route.chat, route.dispute ?? false);
    const { method, path, body } = route.request(f);
    let token: string | undefined;
    if (caller === "badToken") token = `${await api.token(f.users.member)}x`;
    else if (caller === "expiredToken") {
      token = await api.token(f.users.member, "user", { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    } else if (caller !== "noToken") token = await api.token(f.users[caller], roleOf[caller]);
    const res = await api.call(method, path, { token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status >= 400) expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
