import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, eventually, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
let other: TestApi;
let adminToken: string;
beforeAll(async () => {
  api = await createTestApi();
  // A second api node on the same database, as a deployment runs several; the test sends until the rule
  // applies, so the send rate limit must not answer first.
  other = await createTestApi({ db: api.db, config: { SEND_RATE_PER_SEC: 1000, SEND_BURST: 1000 } });
  adminToken = await api.token(uniqueId("admin"), "admin");
});
afterAll(async () => {
  await other.close();
  await api.close();
});

const createRule = (body: unknown, token = adminToken) =>
  api.call("POST", "/moderation/rules", { token, body });

describe("/moderation/rules", () => {
  it("lets an admin add, list and delete a rule, and audits each change", async () => {
    const value = uniqueId("word");
    const created = await createRule({
      kind: "word",
      value,
      action: "mask",
      chatTypes: ["deal"],
      note: "why",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: "word",
      value,
      action: "mask",
      chatTypes: ["deal"],
      note: "why",
    });
    const listed = await api.call("GET", "/moderation/rules", { token: adminToken });
    expect(listed.body.items).toContainEqual(created.body);
    const removed = await api.call("DELETE", `/moderation/rules/${created.body.id}`, { token: adminToken });
    expect(removed.status).toBe(204);
    const again = await api.call("DELETE", `/moderation/rules/${created.body.id}`, { token: adminToken });
    expect(again.status).toBe(404);
    const audit = await api.db
      .sql`select action, actor_id from moderation_actions where target_id = ${created.body.id} order by created_at, id`;
    expect(audit.map((row) => row.action)).toEqual(["rule.created", "rule.deleted"]);
  });

  it.each([
    ["a back-reference", { kind: "pattern", value: "(a)\\1", action: "block" }],
    ["a lookbehind", { kind: "pattern", value: "(?<=pay)pal", action: "block" }],
    ["a lookahead", { kind: "pattern", value: "pay(?=pal)", action: "block" }],
    ["a pattern that does not parse", { kind: "pattern", value: "(unclosed", action: "block" }],
    ["a domain that is not one", { kind: "domain", value: "not a domain", action: "flag" }],
    ["a word of punctuation", { kind: "word", value: "!!!", action: "flag" }],
  ])("refuses %s with 400 on value", async (_name, body) => {
    const res = await createRule(body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "value" })]);
  });

  it("keeps a nested quantifier: RE2 runs it in linear time", async () => {
    expect(
      (await createRule({ kind: "pattern", value: "(a+)+$", action: "flag", chatTypes: ["private"] })).status,
    ).toBe(201);
  });

  it.each(["user", "moderator"] as const)("answers a %s with 403", async (role) => {
    const token = await api.token(uniqueId(role), role);
    expect((await api.call("GET", "/moderation/rules", { token })).status).toBe(403);
    expect((await createRule({ kind: "word", value: "x1", action: "flag" }, token)).status).toBe(403);
  });

  it("a change made on one node applies on another within 5 seconds", async () => {
    const word = uniqueId("nodeword").replace("-", "");
    const owner = uniqueId("owner");
    const ownerToken = await other.token(owner);
    const chat = await other.call("POST", "/chats", {
      token: ownerToken,
      body: { type: "group", title: "G", memberIds: [uniqueId("m")] },
    });
    const send = () =>
      other.call("POST", `/chats/${chat.body.id}/messages`, {
        token: ownerToken,
        body: { content: `a ${word}` },
      });
    // The other node has read the rules before the change.
    expect((await send()).status).toBe(201);
    const created = await createRule({ kind: "word", value: word, action: "block" });
    await eventually(async () => expect((await send()).status).toBe(422), 5000);
    await api.call("DELETE", `/moderation/rules/${created.body.id}`, { token: adminToken });
    await eventually(async () => expect((await send()).status).toBe(201), 5000);
  });
});
