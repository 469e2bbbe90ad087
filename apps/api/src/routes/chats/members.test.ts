import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

const MAX = 300;
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ config: { GROUP_MAX_MEMBERS: MAX } });
});
afterAll(async () => {
  await api.close();
});

async function groupWith(memberCount: number) {
  const owner = uniqueId("owner");
  const token = await api.token(owner);
  const others = Array.from({ length: memberCount - 1 }, (_, i) => uniqueId(`m${i}`));
  const chat = await api.call("POST", "/chats", {
    token,
    body: { type: "group", title: "big", memberIds: others },
  });
  return { owner, token, chat };
}

describe("GET /chats/{id}/members", () => {
  it("the chat carries the first 100 members and memberCount; the members route pages them all once", async () => {
    const { token, chat } = await groupWith(250);
    expect(chat.status).toBe(201);
    const detail = await api.call("GET", `/chats/${chat.body.id}`, { token });
    expect(detail.body.members).toHaveLength(100);
    expect(detail.body.memberCount).toBe(250);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=70&cursor=${cursor}` : "?limit=70";
      const page = await api.call("GET", `/chats/${chat.body.id}/members${query}`, { token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((member: { userId: string }) => member.userId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen.slice(0, 100)).toEqual(
      detail.body.members.map((member: { userId: string }) => member.userId),
    );

    const rest = await api.call("GET", `/chats/${chat.body.id}/members?cursor=${detail.body.membersCursor}`, {
      token,
    });
    expect(rest.body.items.map((member: { userId: string }) => member.userId)).toEqual(seen.slice(100, 200));
  });

  it("shows members exactly to whoever sees the chat: a stranger's 404 is the one of a missing chat", async () => {
    const { token, chat } = await groupWith(3);
    const stranger = await api.token(uniqueId("stranger"));
    const theirs = await api.call("GET", `/chats/${chat.body.id}/members`, { token: stranger });
    const missing = await api.call("GET", `/chats/${crypto.randomUUID()}/members`, { token: stranger });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.detail).toBe(missing.body.detail);
    const admin = await api.call("GET", `/chats/${chat.body.id}/members`, {
      token: await api.token(uniqueId("admin"), "admin"),
    });
    expect(admin.body.items).toHaveLength(3);
    const forged = await api.call("GET", `/chats/${chat.body.id}/members?cursor=bm90LW91cnM`, { token });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].path).toBe("cursor");
    const tooMany = await api.call("GET", `/chats/${chat.body.id}/members?limit=201`, { token });
    expect(tooMany.status).toBe(400);
  });
});

describe("GROUP_MAX_MEMBERS", () => {
  it("refuses a group created over the cap with 409", async () => {
    const { chat } = await groupWith(MAX + 1);
    expect(chat.status).toBe(409);
    expect(chat.body.code).toBe("CONFLICT");
    expect((await groupWith(MAX)).chat.status).toBe(201);
  });

  it("refuses members added over the cap with 409 and changes nothing, but lets a swap within it through", async () => {
    const { owner, token, chat } = await groupWith(MAX - 5);
    const frames = await api.watch(chat.body.id);
    const ten = Array.from({ length: 10 }, (_, i) => uniqueId(`late${i}`));
    const over = await api.call("PATCH", `/chats/${chat.body.id}`, {
      token,
      body: { title: "renamed", addMemberIds: ten },
    });
    expect(over.status).toBe(409);
    const after = await api.call("GET", `/chats/${chat.body.id}`, { token });
    expect(after.body).toMatchObject({ memberCount: MAX - 5, title: "big" });

    const leaving = after.body.members
      .map((member: { userId: string }) => member.userId)
      .filter((userId: string) => userId !== owner)
      .slice(0, 5);
    const swap = await api.call("PATCH", `/chats/${chat.body.id}`, {
      token,
      body: { addMemberIds: ten, removeMemberIds: leaving },
    });
    expect(swap.status).toBe(200);
    expect(swap.body.memberCount).toBe(MAX);
    await expect.poll(() => frames.filter((f) => f.frame.type === "member_added").length).toBe(10);
    expect(frames.filter((f) => f.frame.type === "chat_updated")).toHaveLength(0);
  });
});

describe("read rate limit", () => {
  it("answers reads over READ_BURST with 429, Retry-After and RateLimit-*, and leaves sends their own bucket", async () => {
    const limited = await createTestApi({ db: api.db, config: { READ_BURST: 4, READ_RATE_PER_SEC: 1 } });
    try {
      const token = await limited.token(uniqueId("reader"));
      const chat = await limited.call("POST", "/chats", {
        token,
        body: { type: "group", title: "r", memberIds: [] },
      });
      const statuses: number[] = [];
      let refused: Awaited<ReturnType<TestApi["call"]>> | undefined;
      for (let i = 0; i < 8; i++) {
        const res = await limited.call("GET", i % 2 ? `/chats/${chat.body.id}` : "/chats", { token });
        statuses.push(res.status);
        if (res.status === 429) refused ??= res;
      }
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(refused?.body.code).toBe("RATE_LIMITED");
      expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused?.headers.get("ratelimit-limit")).toBe("4");
      expect(refused?.headers.get("ratelimit-remaining")).toBe("0");
      const send = await limited.call("POST", `/chats/${chat.body.id}/messages`, {
        token,
        body: { content: "hi" },
      });
      expect(send.status).toBe(201);
      const other = await limited.call("GET", "/chats", { token: await limited.token(uniqueId("other")) });
      expect(other.status).toBe(200);
      const moderation = await limited.call("GET", "/moderation/cases", {
        token: await limited.token(uniqueId("mod"), "moderator"),
      });
      expect(moderation.headers.get("ratelimit-limit")).toBe("4");
    } finally {
      await limited.close();
    }
  });
});
