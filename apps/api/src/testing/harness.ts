import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@chat/db/testing";
import { mintToken } from "@chat/shared/auth";
import { type Bus, createMemoryBus } from "@chat/shared/bus";
import { type ChatBusMessage, channels, type Role } from "@chat/shared/contracts";
import { createLogger } from "@chat/shared/logger";
import type { Redis } from "ioredis";
import { Registry } from "prom-client";
import { type ApiApp, createApp } from "../app";
import { ApiConfig } from "../config";

export const TEST_SECRET = "api-test-secret-that-is-long-enough-0123456789";

export interface TestApi extends ApiApp {
  db: TestDatabase;
  bus: Bus;
  config: ApiConfig;
  registry: Registry;
  token(userId: string, role?: Role, options?: { expiresIn?: string | number }): Promise<string>;
  /** JSON request with a bearer token; body is JSON-encoded unless it is already a string. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Frames published on a chat's channel since `watch` was called. */
  watch(chatId: string): Promise<ChatBusMessage[]>;
  close(): Promise<void>;
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createTestApi(
  options: {
    bus?: Bus;
    redis?: Redis | string;
    config?: Record<string, string | number>;
    db?: TestDatabase;
    rateLimitKeyPrefix?: string;
  } = {},
): Promise<TestApi> {
  const db = options.db ?? (await createTestDatabase());
  const bus = options.bus ?? createMemoryBus();
  const registry = new Registry();
  const config = ApiConfig.parse({ JWT_SECRET: TEST_SECRET, LOG_LEVEL: "silent", ...options.config });
  const built = createApp({
    config,
    db,
    bus,
    logger: createLogger({ name: "api-test", level: "silent" }),
    registry,
    redis: options.redis,
    rateLimitKeyPrefix: options.rateLimitKeyPrefix ?? `test:${randomBytes(6).toString("hex")}:`,
  });
  const watchers: { chatId: string; listener: (payload: string) => void }[] = [];

  return {
    ...built,
    db,
    bus,
    config,
    registry,
    token: (userId, role = "user", extra = {}) =>
      mintToken({ secret: TEST_SECRET, userId, role, name: `${userId} name`, expiresIn: extra.expiresIn }),
    async call(method, path, { token, body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      const allHeaders = init.headers as Record<string, string>;
      if (token) allHeaders.authorization = `Bearer ${token}`;
      if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
        if (!Object.keys(allHeaders).some((name) => name.toLowerCase() === "content-type")) {
          allHeaders["content-type"] = "application/json";
        }
      }
      const response = await built.app.request(path, init);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {}
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async watch(chatId) {
      const received: ChatBusMessage[] = [];
      const listener = (payload: string) => received.push(JSON.parse(payload));
      await bus.subscribe(channels.chat(chatId), listener);
      watchers.push({ chatId, listener });
      return received;
    },
    async close() {
      for (const { chatId, listener } of watchers) await bus.unsubscribe(channels.chat(chatId), listener);
      await built.close();
      if (!options.bus) await bus.close();
      if (!options.db) await db.drop();
    },
  };
}

/** Polls until the check passes or the timeout ends (then the last failure is thrown). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
