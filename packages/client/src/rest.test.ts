import { randomBytes } from "node:crypto";
import { type ApiHandle, startApi } from "@chat/api";
import { ApiConfig } from "@chat/api/config";
import { createTestDatabase, type TestDatabase } from "@chat/db/testing";
import { mintToken } from "@chat/shared/auth";
import { type Bus, createMemoryBus } from "@chat/shared/bus";
import type { Role } from "@chat/shared/contracts";
import { createLogger } from "@chat/shared/logger";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatApiError, createChatClient } from "./index";

const SECRET = "client-test-secret-that-is-long-enough-0123456789";
let db: TestDatabase;
let bus: Bus;
let api: ApiHandle;
let baseUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  bus = createMemoryBus();
  api = await startApi({
    config: ApiConfig.parse({ JWT_SECRET: SECRET, API_PORT: 0, HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
    db,
    bus,
    logger: createLogger({ name: "client-test", level: "silent" }),
    registry: new Registry(),
  });
  baseUrl = `http://127.0.0.1:${api.port}`;
});
afterAll(async () => {
  await api?.close();
  await bus?.close();
  await db?.close();
});

const userId = (name: string) => `${name}-${randomBytes(3).toString("hex")}`;
function clientFor(id: string, role: Role = "user") {
  return createChatClient({ baseUrl, token: () => mintToken({ secret: SECRET, userId: id, role }) });
}

describe("@chat/client REST methods against the real api", () => {
  it("has one method per authenticated operation of the served OpenAPI document, named by its operationId", async () => {
    const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
    };
    const operations = Object.values(doc.paths)
      .flatMap((methods) => Object.values(methods))
      .filter((operation) => (operation.security ?? []).length > 0)
      .map((operation) => operation.operationId);
    const client = createChatClient({ baseUrl, token: () => "unused" });
    expect(Object.keys(client).sort()).toEqual(operations.sort());
  });

  it("creates, sends idempotently, pages, edits, reads, renames and deletes", async () => {
    const [alice, bob] = [userId("alice"), userId("bob")];
    const a = clientFor(alice);
    const b = clientFor(bob);
    const chat = await a.createChat({ type: "group", title: "Raid", memberIds: [bob] });
    expect(chat.members.map((member) => member.userId).sort()).toEqual([alice, bob].sort());

    const first = await a.sendMessage(chat.id, { content: "hi", clientMessageId: "c-1" });
    const again = await a.sendMessage(chat.id, { content: "hi", clientMessageId: "c-1" });
    expect(again.id).toBe(first.id);
    const second = await b.sendMessage(chat.id, { content: "yo" });

    const page = await b.listMessages(chat.id, { after: 0, limit: 10 });
    const mine = page.items.filter((message) => message.type === "text").map((message) => message.content);
    expect(mine).toEqual(["hi", "yo"]);
    expect((await a.listChats()).items.find((item) => item.id === chat.id)?.unreadCount).toBe(1);
    expect(await a.markRead(chat.id, second.seq)).toEqual({ lastReadSeq: second.seq, unreadCount: 0 });

    expect((await a.editMessage(chat.id, first.id, { content: "hello" })).editedAt).not.toBeNull();
    expect((await a.updateChat(chat.id, { title: "Raid night" })).title).toBe("Raid night");
    expect((await b.getChat(chat.id)).title).toBe("Raid night");
    expect((await b.listMembers(chat.id, { limit: 1 })).nextCursor).not.toBeNull();
    expect((await a.deleteMessage(chat.id, first.id)).deletedAt).not.toBeNull();
  });

  it("reaches disputes, moderators, reports and the case queue", async () => {
    const [buyer, seller, mod, admin] = [userId("buyer"), userId("seller"), userId("mod"), userId("admin")];
    const deal = await clientFor(admin, "admin").createChat({
      type: "deal",
      orderId: `order-${randomBytes(3).toString("hex")}`,
      memberIds: [buyer, seller],
    });
    const b = clientFor(buyer);
    const m = clientFor(mod, "moderator");
    expect((await b.openDispute(deal.id, { reason: "never arrived" })).status).toBe("open");
    await m.assignModerator(deal.id, { moderatorId: mod });
    expect(
      (await m.resolveDispute(deal.id, { outcome: "refund_buyer", comment: "no tracking" })).outcome,
    ).toBe("refund_buyer");

    const said = await clientFor(seller).sendMessage(deal.id, { content: "pay me outside" });
    const report = await b.reportChat(deal.id, { reason: "off_platform", messageId: said.id });
    const queue = await m.listCases({ status: "open" });
    expect(queue.items.map((item) => item.id)).toContain(report.caseId);
    expect((await m.claimCase(report.caseId)).status).toBe("assigned");
    expect((await m.resolveCase(report.caseId, { action: "dismiss", comment: "warned" })).status).toBe(
      "closed",
    );
  });

  it("throws the service's problem as a ChatApiError", async () => {
    const error = await clientFor(userId("eve"))
      .getChat("0198c0de-0000-7000-8000-000000000000")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 404, problem: { code: "NOT_FOUND" } });
  });

  it("asks the token callback for a fresh token after a 401 and retries once", async () => {
    const me = userId("dora");
    const calls: boolean[] = [];
    const client = createChatClient({
      baseUrl,
      token: ({ refresh }) => {
        calls.push(refresh);
        return refresh ? mintToken({ secret: SECRET, userId: me }) : "expired.token.value";
      },
    });
    expect((await client.listChats()).items).toEqual([]);
    expect(calls).toEqual([false, true]);

    const never = createChatClient({ baseUrl, token: () => "still.not.valid" });
    await expect(never.listChats()).rejects.toMatchObject({ status: 401 });
  });
});
