import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AuditEntry, DisputeListItem } from "@chat/shared/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, uniqueId } from "../../testing/harness";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

async function dealWithDispute() {
  const [buyer, seller] = [uniqueId("buyer"), uniqueId("seller")];
  const admin = await api.token(uniqueId("svc"), "admin");
  const orderId = uniqueId("order");
  const chat = await api.call("POST", "/chats", {
    token: admin,
    body: { type: "deal", orderId, memberIds: [buyer, seller] },
  });
  const chatId = chat.body.id as string;
  const dispute = await api.call("POST", `/chats/${chatId}/dispute`, {
    token: await api.token(buyer),
    body: { reason: "never delivered" },
  });
  return { chatId, orderId, buyer, seller, disputeId: dispute.body.id as string };
}

async function allPages<T>(token: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page: { status: number; body: { items: T[]; nextCursor: string | null } } = await api.call(
      "GET",
      `${path}${sep}limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      { token },
    );
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe("GET /moderation/disputes", () => {
  it("lists open disputes oldest first with order, opener, reason and moderator; resolved ones apart", async () => {
    const first = await dealWithDispute();
    const second = await dealWithDispute();
    const mod = uniqueId("mod");
    const modToken = await api.token(mod, "moderator");
    await api.call("POST", `/chats/${second.chatId}/moderator`, {
      token: modToken,
      body: { moderatorId: mod },
    });
    const open = await allPages<DisputeListItem>(modToken, "/moderation/disputes");
    const ids = open.map((item) => item.id);
    expect(ids.indexOf(first.disputeId)).toBeLessThan(ids.indexOf(second.disputeId));
    expect(open.find((item) => item.id === second.disputeId)).toMatchObject({
      chatId: second.chatId,
      orderId: second.orderId,
      openedBy: second.buyer,
      reason: "never delivered",
      moderatorId: mod,
    });
    expect(open.find((item) => item.id === first.disputeId)?.moderatorId).toBeNull();
    for (const item of open) expect(DisputeListItem.parse(item)).toEqual(item);

    await api.call("POST", `/chats/${second.chatId}/resolve`, {
      token: modToken,
      body: { outcome: "no_action", comment: "" },
    });
    const resolved = await allPages<DisputeListItem>(modToken, "/moderation/disputes?status=resolved");
    expect(resolved.map((item) => item.id)).toContain(second.disputeId);
    expect(
      (await allPages<DisputeListItem>(modToken, "/moderation/disputes")).map((i) => i.id),
    ).not.toContain(second.disputeId);
    const user = await api.call("GET", "/moderation/disputes", { token: await api.token(first.buyer) });
    expect(user.status).toBe(403);
  });
});

describe("GET /moderation/audit", () => {
  it("shows every act with actor, target, reason and time; an admin sees all, a moderator only their chats", async () => {
    const { chatId, seller } = await dealWithDispute();
    const mod = uniqueId("mod");
    const modToken = await api.token(mod, "moderator");
    await api.call("POST", `/chats/${chatId}/moderator`, { token: modToken, body: { moderatorId: mod } });
    await api.call("POST", `/chats/${chatId}/mutes`, {
      token: modToken,
      body: { userId: seller, durationSec: 60, reason: "phishing link" },
    });
    await api.call("DELETE", `/chats/${chatId}/mutes/${seller}`, { token: modToken });
    const other = await dealWithDispute();

    const admin = await api.token(uniqueId("admin"), "admin");
    const entries = await allPages<AuditEntry>(admin, `/moderation/audit?chatId=${chatId}`);
    expect(entries.map((entry) => entry.action)).toEqual([
      "member.unmuted",
      "member.muted",
      "moderator.assigned",
      "dispute.opened",
    ]);
    expect(entries[1]).toMatchObject({ actor: mod, targetUserId: seller, reason: "phishing link" });
    for (const entry of entries) expect(AuditEntry.parse(entry)).toEqual(entry);
    const bySeller = await allPages<AuditEntry>(admin, `/moderation/audit?targetUserId=${seller}`);
    expect(bySeller.map((entry) => entry.action)).toEqual(["member.unmuted", "member.muted"]);
    const byMod = await allPages<AuditEntry>(admin, `/moderation/audit?actorId=${mod}`);
    expect(byMod).toHaveLength(3);

    const seen = await allPages<AuditEntry>(modToken, "/moderation/audit");
    expect(new Set(seen.map((entry) => entry.chatId))).toEqual(new Set([chatId]));
    const elsewhere = await allPages<AuditEntry>(modToken, `/moderation/audit?chatId=${other.chatId}`);
    expect(elsewhere).toEqual([]);
    const user = await api.call("GET", "/moderation/audit", { token: await api.token(seller) });
    expect(user.status).toBe(403);
  });

  it("names the system as actor of what no user did, and filters by it", async () => {
    const { chatId } = await dealWithDispute();
    await api.db.sql`insert into moderation_actions (id, chat_id, actor_id, action, target_user_id, reason)
      values (gen_random_uuid(), ${chatId}, null, 'member.muted', 'u1', 'three flags in 24 hours')`;
    const admin = await api.token(uniqueId("admin"), "admin");
    const system = await allPages<AuditEntry>(admin, `/moderation/audit?chatId=${chatId}&actorId=system`);
    expect(system).toEqual([expect.objectContaining({ actor: "system", action: "member.muted" })]);
  });

  it("is append-only: the database refuses to update, delete or truncate an entry", async () => {
    const { chatId } = await dealWithDispute();
    await expect(
      api.db.sql`update moderation_actions set reason = 'rewritten' where chat_id = ${chatId}`,
    ).rejects.toThrow(/append-only/);
    await expect(api.db.sql`delete from moderation_actions where chat_id = ${chatId}`).rejects.toThrow(
      /append-only/,
    );
    await expect(api.db.sql`truncate moderation_actions`).rejects.toThrow(/append-only/);
    const [row] = await api.db
      .sql`select count(*)::int as n from moderation_actions where chat_id = ${chatId}`;
    expect(row?.n).toBe(1);
  });

  it("is append-only in code: no source file updates or deletes moderation_actions", async () => {
    const root = fileURLToPath(new URL("../../../../../", import.meta.url));
    const offenders: string[] = [];
    for (const dir of ["apps", "packages"]) {
      for (const file of await readdir(path.join(root, dir), { recursive: true })) {
        if (!/\.ts$/.test(file) || file.includes("node_modules") || file.endsWith(".test.ts")) continue;
        const text = await readFile(path.join(root, dir, file), "utf8");
        if (/(update|delete)\(moderationActions\)|(update|delete from)\s+moderation_actions/i.test(text)) {
          offenders.push(path.join(dir, file));
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
