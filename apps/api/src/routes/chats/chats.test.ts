import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe("POST /chats", () => {
  it("returns the existing private chat of a pair with 200, whoever asks, and a new one with 201", async () => {
    const [alice, bob] = [uniqueId("alice"), uniqueId("bob")];
    const first = await api.call("POST", "/chats", {
      token: await api.token(alice),
      body: { type: "private", memberIds: [bob] },
    });
    expect(first.status).toBe(201);
    expect(first.body.members.map((m: { userId: string }) => m.userId).sort()).toEqual([alice, bob].sort());
    const again = await api.call("POST", "/chats", {
      token: await api.token(bob),
      body: { type: "private", memberIds: [alice] },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it("creates exactly one private chat when both users ask at the same moment", async () => {
    const [alice, bob] = [uniqueId("alice"), uniqueId("bob")];
    const [aliceToken, bobToken] = [await api.token(alice), await api.token(bob)];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.call("POST", "/chats", {
          token: i % 2 ? aliceToken : bobToken,
          body: { type: "private", memberIds: [i % 2 ? bob : alice] },
        }),
      ),
    );
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
  });

  it("refuses a private chat with yourself as a field error", async () => {
    const alice = uniqueId("alice");
    const res = await api.call("POST", "/chats", {
      token: await api.token(alice),
      body: { type: "private", memberIds: [alice] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("memberIds.0");
  });

  it("makes the creator the owner of a group, with the named members as stubs", async () => {
    const [owner, x, y] = [uniqueId("owner"), uniqueId("x"), uniqueId("y")];
    const res = await api.call("POST", "/chats", {
      token: await api.token(owner),
      body: { type: "group", title: "Raid", memberIds: [x, y, owner] },
    });
    expect(res.status).toBe(201);
    expect(res.body.ownerId).toBe(owner);
    expect(res.body.title).toBe("Raid");
    const roles = Object.fromEntries(res.body.members.map((m: any) => [m.userId, m.role]));
    expect(roles).toEqual({ [owner]: "owner", [x]: "member", [y]: "member" });
  });

  it("opens deal chats only with an admin token, once per order", async () => {
    const [buyer, seller] = [uniqueId("buyer"), uniqueId("seller")];
    const body = { type: "deal", orderId: uniqueId("order"), memberIds: [buyer, seller] };
    const byUser = await api.call("POST", "/chats", { token: await api.token(buyer), body });
    expect(byUser.status).toBe(403);
    const admin = await api.token(uniqueId("svc"), "admin");
    const created = await api.call("POST", "/chats", { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body.type).toBe("deal");
    expect(created.body.members).toHaveLength(2);
    const again = await api.call("POST", "/chats", { token: admin, body });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
  });
});

describe("GET /chats", () => {
  it("pages the caller's chats latest activity first, with unreadCount and lastMessage", async () => {
    const me = uniqueId("me");
    const token = await api.token(me);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const other = uniqueId("peer");
      const res = await api.call("POST", "/chats", { token, body: { type: "private", memberIds: [other] } });
      ids.push(res.body.id);
      const peerToken = await api.token(other);
      await api.call("POST", `/chats/${res.body.id}/messages`, {
        token: peerToken,
        body: { content: `hi ${i}` },
      });
    }
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = await api.call("GET", `/chats${query}`, { token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((chat) => chat.id)).toEqual([...ids].reverse());
    expect(seen.every((chat) => chat.unreadCount === 1 && chat.lastMessage?.content.startsWith("hi"))).toBe(
      true,
    );
  });

  it.each([
    "nope",
    "999999999999999:00000000-0000-0000-0000-000000000000",
    "1:------------------------------------",
    "1:0000000000000000000000000000000000ab",
  ])("rejects a cursor it did not issue (%s) with a field error, never a 500", async (raw) => {
    const cursor = Buffer.from(raw).toString("base64url");
    const res = await api.call("GET", `/chats?cursor=${cursor}`, { token: await api.token(uniqueId("u")) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("cursor");
  });
});

describe("GET /chats/{id}", () => {
  it("shows members the chat with its members, and hides it from others as 404", async () => {
    const [a, b, stranger] = [uniqueId("a"), uniqueId("b"), uniqueId("s")];
    const chat = await api.call("POST", "/chats", {
      token: await api.token(a),
      body: { type: "private", memberIds: [b] },
    });
    const mine = await api.call("GET", `/chats/${chat.body.id}`, { token: await api.token(b) });
    expect(mine.status).toBe(200);
    expect(mine.body.members).toHaveLength(2);
    const theirs = await api.call("GET", `/chats/${chat.body.id}`, { token: await api.token(stranger) });
    expect(theirs.status).toBe(404);
    const missing = await api.call("GET", `/chats/${crypto.randomUUID()}`, {
      token: await api.token(stranger),
    });
    expect(missing.status).toBe(404);
    expect(theirs.body.detail).toBe(missing.body.detail);
  });
});

describe("PATCH /chats/{id}", () => {
  it("lets the owner rename and change members, publishing chat_updated, member_added and member_removed", async () => {
    const [owner, x, y] = [uniqueId("owner"), uniqueId("x"), uniqueId("y")];
    const token = await api.token(owner);
    const chat = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "Old", memberIds: [x] },
    });
    const frames = await api.watch(chat.body.id);
    const res = await api.call("PATCH", `/chats/${chat.body.id}`, {
      token,
      body: { title: "New", addMemberIds: [y], removeMemberIds: [x] },
    });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe("New");
    expect(res.body.members.map((m: any) => m.userId).sort()).toEqual([owner, y].sort());
    await expect
      .poll(() => frames.map((f) => f.frame.type).sort())
      .toEqual(["chat_updated", "member_added", "member_removed"].sort());
    expect(frames.every((f) => typeof f.requestId === "string")).toBe(true);
  });

  it("rejects unknown fields (no mass assignment) and leaves the chat unchanged", async () => {
    const owner = uniqueId("owner");
    const token = await api.token(owner);
    const chat = await api.call("POST", "/chats", {
      token,
      body: { type: "group", title: "T", memberIds: [] },
    });
    const res = await api.call("PATCH", `/chats/${chat.body.id}`, {
      token,
      body: { title: "X", ownerId: "someone-else", status: "completed" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
    const after = await api.call("GET", `/chats/${chat.body.id}`, { token });
    expect(after.body).toMatchObject({ title: "T", ownerId: owner, status: "open" });
  });

  it("lets a member leave a group by removing only themselves, but not change anything else", async () => {
    const [owner, member] = [uniqueId("owner"), uniqueId("member")];
    const chat = await api.call("POST", "/chats", {
      token: await api.token(owner),
      body: { type: "group", title: "T", memberIds: [member] },
    });
    const memberToken = await api.token(member);
    const rename = await api.call("PATCH", `/chats/${chat.body.id}`, {
      token: memberToken,
      body: { title: "Mine" },
    });
    expect(rename.status).toBe(403);
    const leave = await api.call("PATCH", `/chats/${chat.body.id}`, {
      token: memberToken,
      body: { removeMemberIds: [member] },
    });
    expect(leave.status).toBe(200);
    const after = await api.call("GET", `/chats/${chat.body.id}`, { token: memberToken });
    expect(after.status).toBe(404);
  });

  it("never lets the owner go: neither the owner leaving nor an admin removing them (409), so ownerId always names a member", async () => {
    const [owner, member] = [uniqueId("owner"), uniqueId("member")];
    const ownerToken = await api.token(owner);
    const chat = await api.call("POST", "/chats", {
      token: ownerToken,
      body: { type: "group", title: "T", memberIds: [member] },
    });
    const admin = await api.token(uniqueId("admin"), "admin");
    for (const [token, body] of [
      [ownerToken, { removeMemberIds: [owner] }],
      [admin, { removeMemberIds: [owner] }],
      [admin, { removeMemberIds: [owner, member], title: "taken" }],
    ] as const) {
      const res = await api.call("PATCH", `/chats/${chat.body.id}`, { token, body });
      expect(res.status).toBe(409);
      expect(res.body.detail).toBe("the group's owner cannot leave or be removed");
    }
    const after = await api.call("GET", `/chats/${chat.body.id}`, { token: ownerToken });
    expect(after.body).toMatchObject({ ownerId: owner, title: "T" });
    expect(after.body.members.map((m: any) => m.userId).sort()).toEqual([owner, member].sort());
  });

  it("keeps private chats fixed (409)", async () => {
    const [a, b] = [uniqueId("a"), uniqueId("b")];
    const admin = await api.token(uniqueId("admin"), "admin");
    const chat = await api.call("POST", "/chats", {
      token: await api.token(a),
      body: { type: "private", memberIds: [b] },
    });
    const res = await api.call("PATCH", `/chats/${chat.body.id}`, {
      token: admin,
      body: { addMemberIds: ["c"] },
    });
    expect(res.status).toBe(409);
  });
});
