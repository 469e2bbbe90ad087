import { Problem } from "@chat/shared/errors";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "./testing/harness";

let api: TestApi;
let tokens: string[];
let chatIds: string[];
let messageIds: string[];
let moderatorId: string;

beforeAll(async () => {
  api = await createTestApi({ config: { BODY_LIMIT_BYTES: 4096, MESSAGE_MAX_CHARS: 200 } });
  const owner = uniqueId("owner");
  const member = uniqueId("member");
  moderatorId = uniqueId("mod");
  tokens = [
    await api.token(owner),
    await api.token(member),
    await api.token(moderatorId, "moderator"),
    await api.token(uniqueId("admin"), "admin"),
  ];
  for (const token of tokens) await api.call("GET", "/chats", { token });
  const group = await api.call("POST", "/chats", {
    token: tokens[0],
    body: { type: "group", title: "fuzz", memberIds: [member] },
  });
  const deal = await api.call("POST", "/chats", {
    token: tokens[3],
    body: { type: "deal", orderId: uniqueId("order"), memberIds: [owner, member] },
  });
  chatIds = [group.body.id, deal.body.id];
  const sent = await api.call("POST", `/chats/${group.body.id}/messages`, {
    token: tokens[1],
    body: { content: "m" },
  });
  messageIds = [sent.body.id];
});
afterAll(async () => {
  await api.close();
});

const TABLES = [
  "users",
  "chats",
  "chat_members",
  "messages",
  "message_edits",
  "disputes",
  "moderation_actions",
  "moderation_cases",
  "reports",
  "chat_mutes",
  "chat_bans",
  "user_blocks",
  "outbox",
  "moderation_rules",
  "moderation_rules_version",
  "safety_flags",
  "safety_warnings",
];

/**
 * One checksum over every table's rows: any write by a rejected request changes it. A send or edit the
 * safety policy blocks (422) is rejected too, and leaves exactly one thing: its audit entry.
 */
async function databaseChecksum(options: { withoutAudit?: boolean } = {}): Promise<string> {
  const tables = options.withoutAudit ? TABLES.filter((table) => table !== "moderation_actions") : TABLES;
  const parts = await Promise.all(
    tables.map(async (table) => {
      const [row] = await api.db.sql.unsafe(
        `select count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as sum from ${table} t`,
      );
      return `${table}=${row?.sum}`;
    }),
  );
  return parts.join(";");
}

const ENDPOINTS: [string, string][] = [
  ["POST", "/chats"],
  ["GET", "/chats"],
  ["GET", "/chats/{id}"],
  ["PATCH", "/chats/{id}"],
  ["POST", "/chats/{id}/messages"],
  ["GET", "/chats/{id}/messages"],
  ["PATCH", "/chats/{id}/messages/{mid}"],
  ["DELETE", "/chats/{id}/messages/{mid}"],
  ["POST", "/chats/{id}/read"],
  ["POST", "/chats/{id}/dispute"],
  ["POST", "/chats/{id}/moderator"],
  ["POST", "/chats/{id}/resolve"],
  ["GET", "/moderation/rules"],
  ["POST", "/moderation/rules"],
  ["DELETE", "/moderation/rules/{id}"],
  ["POST", "/chats/{id}/reports"],
  ["POST", "/chats/{id}/mutes"],
  ["DELETE", "/chats/{id}/mutes/{uid}"],
  ["POST", "/chats/{id}/bans"],
  ["DELETE", "/chats/{id}/bans/{uid}"],
  ["POST", "/chats/{id}/freeze"],
  ["GET", "/chats/{id}/messages/{mid}/versions"],
  ["GET", "/moderation/cases"],
  ["POST", "/moderation/cases/{id}/claim"],
  ["POST", "/moderation/cases/{id}/resolve"],
  ["GET", "/moderation/disputes"],
  ["GET", "/moderation/audit"],
  ["PUT", "/users/me/blocks/{uid}"],
  ["DELETE", "/users/me/blocks/{uid}"],
  ["GET", "/users/me/blocks"],
  ["GET", "/health"],
  ["GET", "/ready"],
];

const idArb = fc.oneof(
  fc.constantFrom(...[0, 1].map((i) => () => chatIds[i] ?? "")),
  fc.uuid().map((id) => () => id),
  fc.string({ maxLength: 40 }).map((s) => () => encodeURIComponent(s)),
);

const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.array(fc.string({ unit: "binary", maxLength: 10 }), { maxLength: 3 }),
  fc.constantFrom(
    "private",
    "group",
    "deal",
    "refund_buyer",
    "https://x.example/a.png",
    -1,
    1e308,
    "scam",
    "mute",
    "ban_from_chat",
    "freeze_chat",
    3600,
    true,
  ),
  fc.constantFrom("word", "pattern", "domain", "block", "mask", "flag", "(a)\\1", "(a+)+$", "evil.example", [
    "deal",
  ]),
  fc.constantFrom("pay to 4111 1111 1111 1111", "пиши в тг @x_shop", "steamcommunlty.com/login", "bit.ly/x"),
);
const plausibleBody = fc.dictionary(
  fc.constantFrom(
    "type",
    "memberIds",
    "title",
    "orderId",
    "content",
    "clientMessageId",
    "replyToId",
    "attachments",
    "seq",
    "reason",
    "moderatorId",
    "outcome",
    "comment",
    "addMemberIds",
    "removeMemberIds",
    "__proto__",
    "ownerId",
    "kind",
    "value",
    "action",
    "chatTypes",
    "note",
    "messageId",
    "userId",
    "durationSec",
    "frozen",
  ),
  fieldValue,
  { maxKeys: 5 },
);

/** Query values, including things shaped like our chat cursors ("<ms>:<uuid>" in base64url). */
const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
  fc
    .tuple(
      fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
      fc.oneof(fc.uuid(), fc.string({ minLength: 36, maxLength: 36 })),
    )
    .map(([ms, id]) => Buffer.from(`${ms}:${id}`).toString("base64url")),
);

const requestArb = fc.record({
  endpoint: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...ENDPOINTS) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS"),
        fc.constantFrom(...ENDPOINTS.map(([, path]) => path), "/nope", "/chats/{id}/x"),
      ),
    },
  ),
  chatId: idArb,
  messageId: fc.oneof(
    fc.constant(() => messageIds[0] ?? ""),
    fc.uuid().map((id) => () => id),
  ),
  query: fc.oneof(
    fc.constant(""),
    fc
      .dictionary(
        fc.constantFrom(
          "limit",
          "cursor",
          "before",
          "after",
          "x",
          "status",
          "chatId",
          "actorId",
          "targetUserId",
        ),
        queryValue,
        { maxKeys: 3 },
      )
      .map((q) => `?${new URLSearchParams(q).toString()}`),
  ),
  token: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(0, 1, 2, 3).map((i) => tokens[i]) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  ),
  contentType: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        undefined,
        "application/jsonx",
      ),
    },
  ),
  body: fc.oneof(
    plausibleBody.map((b) => JSON.stringify(b)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constant(undefined),
  ),
  requestId: fc.option(fc.string({ maxLength: 140 }), { nil: undefined }),
});

describe("any input", () => {
  it("never yields a 5xx, always answers errors as problem+json, and a rejected request changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (input) => {
        const [method, template] = input.endpoint;
        const path = `${template.replace("{id}", input.chatId()).replace("{mid}", input.messageId()).replace("{uid}", input.chatId())}${input.query}`;
        const headers: Record<string, string> = {};
        if (input.token !== undefined) headers.authorization = `Bearer ${input.token}`;
        if (input.contentType) headers["content-type"] = input.contentType;
        if (input.requestId !== undefined) headers["x-request-id"] = input.requestId.replace(/[\r\n\0]/g, "");
        const withBody = !["GET", "OPTIONS"].includes(method) && input.body !== undefined;
        const before = await databaseChecksum();
        const beforeOutsideAudit = await databaseChecksum({ withoutAudit: true });
        let response: Response;
        try {
          response = await api.app.request(path, {
            method,
            headers,
            body: withBody ? input.body : undefined,
          });
        } catch (error) {
          // Request construction itself (an invalid header value) never reaches the app.
          if (error instanceof TypeError) return;
          throw error;
        }
        const text = await response.text();
        expect(response.status, text).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get("content-type")).toContain("application/problem+json");
          const problem = Problem.safeParse(JSON.parse(text));
          expect(problem.success, text).toBe(true);
          expect(text).not.toMatch(/at .+\.ts:\d+/);
          if (response.status === 422)
            expect(await databaseChecksum({ withoutAudit: true })).toBe(beforeOutsideAudit);
          else expect(await databaseChecksum()).toBe(before);
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** Every route that names a chat, with a body it accepts, so only the chat id decides the answer. */
const CHAT_ROUTES: { method: string; path: string; body?: () => unknown }[] = [
  { method: "GET", path: "/chats/{id}" },
  { method: "PATCH", path: "/chats/{id}", body: () => ({ title: "x" }) },
  { method: "POST", path: "/chats/{id}/messages", body: () => ({ content: "hi" }) },
  { method: "GET", path: "/chats/{id}/messages" },
  { method: "PATCH", path: "/chats/{id}/messages/{mid}", body: () => ({ content: "x" }) },
  { method: "DELETE", path: "/chats/{id}/messages/{mid}" },
  { method: "POST", path: "/chats/{id}/read", body: () => ({ seq: 1 }) },
  { method: "POST", path: "/chats/{id}/dispute", body: () => ({ reason: "x" }) },
  { method: "POST", path: "/chats/{id}/moderator", body: () => ({ moderatorId }) },
  { method: "POST", path: "/chats/{id}/resolve", body: () => ({ outcome: "no_action", comment: "" }) },
  { method: "POST", path: "/chats/{id}/reports", body: () => ({ reason: "spam" }) },
  { method: "POST", path: "/chats/{id}/mutes", body: () => ({ userId: moderatorId }) },
  { method: "DELETE", path: "/chats/{id}/mutes/someone" },
  { method: "POST", path: "/chats/{id}/bans", body: () => ({ userId: moderatorId }) },
  { method: "DELETE", path: "/chats/{id}/bans/someone" },
  { method: "POST", path: "/chats/{id}/freeze", body: () => ({ frozen: true }) },
  { method: "GET", path: "/chats/{id}/messages/{mid}/versions" },
];

describe("an unknown chat", () => {
  it("answers the same 404 as a chat the caller may not see, on every route and for every caller", async () => {
    const stranger = await api.token(uniqueId("stranger"));
    const foreign = await api.call("POST", "/chats", {
      token: stranger,
      body: { type: "group", title: "foreign", memberIds: [] },
    });
    const callRoute = async (route: (typeof CHAT_ROUTES)[number], chatId: string, token: string) => {
      const path = route.path.replace("{id}", chatId).replace("{mid}", messageIds[0] ?? "");
      const { status, body } = await api.call(route.method, path, { token, body: route.body?.() });
      const { requestId: _, ...problem } = body;
      return { status, problem };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.uuid({ version: [4, 7] }),
        fc.constantFrom(...CHAT_ROUTES),
        fc.constantFrom("member", "moderator", "admin"),
        async (chatId, route, caller) => {
          const token = { member: tokens[1], moderator: tokens[2], admin: tokens[3] }[caller] ?? "";
          const unknown = await callRoute(route, chatId, token);
          expect(unknown.status, JSON.stringify(unknown.problem)).toBe(404);
          expect(unknown.problem).toMatchObject({ code: "NOT_FOUND", detail: "chat not found" });
          // Admins see every chat, and staff take any chat on through POST /moderator: no hidden chat to compare.
          const seesForeign =
            caller === "admin" || (caller === "moderator" && route.path.endsWith("/moderator"));
          if (!seesForeign) expect(await callRoute(route, foreign.body.id, token)).toEqual(unknown);
        },
      ),
      { numRuns: 120 },
    );
  });
});
