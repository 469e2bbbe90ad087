import { MessageVersions } from "@chat/shared/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe("GET /chats/{id}/messages/{mid}/versions", () => {
  it("lists every text oldest first, including what an edit and a deletion removed, to the sender, the chat's moderator and admins", async () => {
    const [owner, sender, mod] = [uniqueId("owner"), uniqueId("sender"), uniqueId("mod")];
    const ownerToken = await api.token(owner);
    const chat = await api.call("POST", "/chats", {
      token: ownerToken,
      body: { type: "group", title: "g", memberIds: [sender] },
    });
    const chatId = chat.body.id as string;
    const modToken = await api.token(mod, "moderator");
    await api.call("POST", `/chats/${chatId}/moderator`, { token: modToken, body: { moderatorId: mod } });
    const senderToken = await api.token(sender);
    const sent = await api.call("POST", `/chats/${chatId}/messages`, {
      token: senderToken,
      body: { content: "pay me at t.me/x" },
    });
    const path = `/chats/${chatId}/messages/${sent.body.id}/versions`;
    await api.call("PATCH", `/chats/${chatId}/messages/${sent.body.id}`, {
      token: senderToken,
      body: { content: "pay on the platform" },
    });
    const live = await api.call("GET", path, { token: senderToken });
    expect(live.body.items.map((v: { content: string }) => v.content)).toEqual([
      "pay me at t.me/x",
      "pay on the platform",
    ]);
    await api.call("DELETE", `/chats/${chatId}/messages/${sent.body.id}`, { token: modToken });

    const versions = await api.call("GET", path, { token: modToken });
    expect(versions.status).toBe(200);
    expect(MessageVersions.parse(versions.body)).toEqual(versions.body);
    expect(versions.body.items).toEqual([
      expect.objectContaining({ content: "pay me at t.me/x", replacedBy: "edit", changedBy: sender }),
      expect.objectContaining({ content: "pay on the platform", replacedBy: "delete", changedBy: mod }),
    ]);
    expect(versions.body.items[0].since).toBe(sent.body.createdAt);
    expect(versions.body.items[1].since).toBe(versions.body.items[0].replacedAt);
    const admin = await api.call("GET", path, { token: await api.token(uniqueId("admin"), "admin") });
    expect(admin.body).toEqual(versions.body);
    expect((await api.call("GET", path, { token: ownerToken })).status).toBe(403);
    expect((await api.call("GET", path, { token: await api.token(uniqueId("stranger")) })).status).toBe(404);
    const missing = `/chats/${chatId}/messages/00000000-0000-7000-8000-000000000000/versions`;
    expect((await api.call("GET", missing, { token: modToken })).status).toBe(404);
  });
});
