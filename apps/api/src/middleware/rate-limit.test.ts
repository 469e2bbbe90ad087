import { randomBytes } from "node:crypto";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBuckets } from "../rate-limit/memory-buckets";
import { createTestApi, type TestApi, uniqueId } from "../testing/harness";

const redisUrl = await serviceUrl("redis");
const LIMITS = { SEND_BURST: 3, SEND_RATE_PER_SEC: 1 };

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function sendUntilLimited(api: TestApi, token: string, chatId: string) {
  const statuses: number[] = [];
  let limited: Awaited<ReturnType<TestApi["call"]>> | undefined;
  for (let i = 0; i < 8; i++) {
    const res = await api.call("POST", `/chats/${chatId}/messages`, { token, body: { content: `m${i}` } });
    statuses.push(res.status);
    if (res.status === 429) limited ??= res;
  }
  return { statuses, limited };
}

async function groupOf(api: TestApi, userId: string) {
  const token = await api.token(userId);
  const chat = await api.call("POST", "/chats", {
    token,
    body: { type: "group", title: "rl", memberIds: [] },
  });
  return { token, chatId: chat.body.id as string };
}

describe("token bucket (in-process)", () => {
  it("allows the burst, then refills at the sustained rate", async () => {
    let nowMs = 0;
    const policy = { ratePerSec: 2, burst: 3 };
    const buckets = createMemoryBuckets(() => nowMs);
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push((await buckets.take("u", policy)).allowed);
    expect(taken).toEqual([true, true, true, false]);
    const refused = await buckets.take("u", policy);
    expect(refused.retryAfterMs).toBe(500);
    nowMs += 500;
    expect((await buckets.take("u", policy)).allowed).toBe(true);
    expect((await buckets.take("u", policy)).allowed).toBe(false);
    expect((await buckets.take("other", policy)).allowed).toBe(true);
    await buckets.close();
  });

  it("answers sends over the burst with 429, Retry-After and RateLimit-* headers", async () => {
    const api = await createTestApi({ db, config: LIMITS });
    try {
      const { token, chatId } = await groupOf(api, uniqueId("u"));
      const startedMs = Date.now();
      const { statuses, limited } = await sendUntilLimited(api, token, chatId);
      const refilled = Math.ceil((Date.now() - startedMs) / 1000);
      expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
      expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(3 + refilled);
      expect(limited?.body.code).toBe("RATE_LIMITED");
      expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(limited?.headers.get("ratelimit-limit")).toBe("3");
      expect(limited?.headers.get("ratelimit-remaining")).toBe("0");
      expect(Number(limited?.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
      const [row] = await db.sql`select count(*)::int as n from messages where chat_id = ${chatId}`;
      expect(row?.n).toBe(statuses.filter((status) => status === 201).length);
    } finally {
      await api.close();
    }
  });
});

describe.skipIf(!redisUrl)("token bucket (Redis)", () => {
  it("shares one bucket per user across api nodes, atomically", async () => {
    const prefix = `test:rl:${randomBytes(6).toString("hex")}:`;
    const nodeA = await createTestApi({
      db,
      config: LIMITS,
      redis: redisUrl ?? "",
      rateLimitKeyPrefix: prefix,
    });
    const nodeB = await createTestApi({
      db,
      config: LIMITS,
      redis: redisUrl ?? "",
      rateLimitKeyPrefix: prefix,
    });
    try {
      const { token, chatId } = await groupOf(nodeA, uniqueId("u"));
      const startedMs = Date.now();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? nodeA : nodeB).call("POST", `/chats/${chatId}/messages`, {
            token,
            body: { content: `m${i}` },
          }),
        ),
      );
      const refilled = Math.floor((Date.now() - startedMs) / 1000);
      const created = results.filter((r) => r.status === 201).length;
      expect(created).toBeGreaterThanOrEqual(3);
      expect(created).toBeLessThanOrEqual(3 + refilled);
      const limited = results.filter((r) => r.status === 429);
      expect(limited).toHaveLength(8 - created);
      expect(limited[0]?.headers.get("retry-after")).toBeTruthy();
      expect(limited[0]?.headers.get("ratelimit-limit")).toBe("3");
    } finally {
      await nodeA.close();
      await nodeB.close();
    }
  });

  it("lets sends through (fail open) and counts it when the limiter's Redis is unreachable", async () => {
    const api = await createTestApi({ db, config: LIMITS, redis: "redis://127.0.0.1:1" });
    try {
      const { token, chatId } = await groupOf(api, uniqueId("u"));
      const { statuses } = await sendUntilLimited(api, token, chatId);
      expect(statuses).toEqual(Array(8).fill(201));
      const metrics = await api.registry.getSingleMetricAsString("chat_api_rate_limiter_failures_total");
      expect(metrics).toMatch(/chat_api_rate_limiter_failures_total 8/);
    } finally {
      await api.close();
    }
  });
});
