import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe("blocks", () => {
  it("are idempotent, listed newest first, and lifted by DELETE", async () => {
    const me = await api.token(uniqueId("me"));
    const [a, b] = [uniqueId("a"), uniqueId("b")];
    const first = await api.call("PUT", `/users/me/blocks/${a}`, { token: me });
    expect(first.status).toBe(200);
    const again = await api.call("PUT", `/users/me/blocks/${a}`, { token: me });
    expect(again.body).toEqual(first.body);
    await api.call("PUT", `/users/me/blocks/${b}`, { token: me });
    const list = await api.call("GET", "/users/me/blocks", { token: me });
    expect(list.body.items.map((item: { userId: string }) => item.userId)).toEqual([b, a]);
    expect((await api.call("DELETE", `/users/me/blocks/${a}`, { token: me })).status).toBe(204);
    expect((await api.call("DELETE", `/users/me/blocks/${a}`, { token: me })).status).toBe(204);
    const after = await api.call("GET", "/users/me/blocks", { token: me });
    expect(after.body.items.map((item: { userId: string }) => item.userId)).toEqual([b]);
  });

  it("refuses blocking oneself (400) and a call without a token (401)", async () => {
    const me = uniqueId("me");
    const self = await api.call("PUT", `/users/me/blocks/${me}`, { token: await api.token(me) });
    expect(self.status).toBe(400);
    expect((await api.call("GET", "/users/me/blocks")).status).toBe(401);
  });

  it("a blocked user cannot open a private chat with the blocker nor send in it (403 BLOCKED); the blocker still can; groups are unaffected", async () => {
    const [blocker, blocked] = [uniqueId("blocker"), uniqueId("blocked")];
    const [blockerToken, blockedToken] = [await api.token(blocker), await api.token(blocked)];
    const chat = await api.call("POST", "/chats", {
      token: blockerToken,
      body: { type: "private", memberIds: [blocked] },
    });
    const group = await api.call("POST", "/chats", {
      token: blockerToken,
      body: { type: "group", title: "g", memberIds: [blocked] },
    });
    await api.call("PUT", `/users/me/blocks/${blocked}`, { token: blockerToken });
    const open = await api.call("POST", "/chats", {
      token: blockedToken,
      body: { type: "private", memberIds: [blocker] },
    });
    expect(open.status).toBe(403);
    expect(open.body.code).toBe("BLOCKED");
    const sent = await api.call("POST", `/chats/${chat.body.id}/messages`, {
      token: blockedToken,
      body: { content: "hey" },
    });
    expect(sent.status).toBe(403);
    expect(sent.body.code).toBe("BLOCKED");
    const byBlocker = await api.call("POST", `/chats/${chat.body.id}/messages`, {
      token: blockerToken,
      body: { content: "bye" },
    });
    expect(byBlocker.status).toBe(201);
    const inGroup = await api.call("POST", `/chats/${group.body.id}/messages`, {
      token: blockedToken,
      body: { content: "still here" },
    });
    expect(inGroup.status).toBe(201);
    await api.call("DELETE", `/users/me/blocks/${blocked}`, { token: blockerToken });
    const after = await api.call("POST", `/chats/${chat.body.id}/messages`, {
      token: blockedToken,
      body: { content: "hey again" },
    });
    expect(after.status).toBe(201);
  });
});
