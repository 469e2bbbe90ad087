import { randomUUID } from "node:crypto";
import { appendMessage, createChat } from "@chat/db/queries";
import type { TestDatabase } from "@chat/db/testing";
import { mintToken } from "@chat/shared/auth";
import { type Bus, encodeChatMessage } from "@chat/shared/bus";
import { channels, type Message, type ServerFrame } from "@chat/shared/contracts";
import { createLogger, type Logger } from "@chat/shared/logger";
import type { Presence } from "@chat/shared/presence";
import type { Redis } from "ioredis";
import { Registry } from "prom-client";
import WebSocket from "ws";
import { RealtimeConfig } from "../config";
import { type RealtimeHandle, startRealtime } from "../start";

export const TEST_SECRET = "realtime-test-secret-0123456789abcdef0123";

export interface TestNode {
  handle: RealtimeHandle;
  registry: Registry;
  wsUrl(path?: string): string;
  metric(name: string): Promise<number>;
}

export async function startTestNode(options: {
  db: TestDatabase;
  bus: Bus;
  presence?: Presence;
  config?: Record<string, string | number>;
  logger?: Logger;
}): Promise<TestNode> {
  const config = RealtimeConfig.parse({
    JWT_SECRET: TEST_SECRET,
    HOST: "127.0.0.1",
    REALTIME_PORT: 0,
    REALTIME_HTTP_PORT: 0,
    SHUTDOWN_TIMEOUT_MS: 4000,
    ...options.config,
  });
  const registry = new Registry();
  const handle = await startRealtime({
    config,
    db: options.db,
    bus: options.bus,
    presence: options.presence,
    logger:
      options.logger ??
      createLogger({ name: "realtime-test", level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    registry,
  });
  return {
    handle,
    registry,
    wsUrl: (path = "/ws") => `ws://127.0.0.1:${handle.port}${path}`,
    async metric(name) {
      const metric = registry.getSingleMetric(name);
      const values = (await metric?.get())?.values ?? [];
      return values.reduce((sum, value) => sum + value.value, 0);
    },
  };
}

let userCounter = 0;
/** A user id unique across parallel test files. */
export function newUserId(label = "u"): string {
  userCounter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${userCounter}`;
}

export function tokenFor(userId: string, role: "user" | "moderator" | "admin" = "user") {
  return mintToken({ secret: TEST_SECRET, userId, role });
}

export async function createGroup(db: TestDatabase, ownerId: string, memberIds: string[]): Promise<string> {
  const { chat } = await db.db.transaction((tx) =>
    createChat(tx, {
      type: "group",
      title: "test",
      ownerId,
      members: [
        { userId: ownerId, role: "owner" },
        ...memberIds.map((userId) => ({ userId, role: "member" as const })),
      ],
    }),
  );
  return chat.id;
}

/** Writes a message and publishes its frame after commit, exactly as the api does. */
export async function postMessage(
  db: TestDatabase,
  bus: Bus | null,
  chatId: string,
  senderId: string,
  content: string,
): Promise<Message> {
  const { message } = await db.db.transaction((tx) => appendMessage(tx, { chatId, senderId, content }));
  if (bus) await publishFrame(bus, chatId, { type: "new_message", chatId, message });
  return message;
}

/** Writes `count` messages in one transaction (nothing published): history for replay tests. */
export async function seedMessages(
  db: TestDatabase,
  chatId: string,
  senderId: string,
  count: number,
  content = "m",
) {
  await db.db.transaction(async (tx) => {
    for (let index = 0; index < count; index++) {
      await appendMessage(tx, { chatId, senderId, content });
    }
  });
}

/** Resolves with the bus once it answers a ping. */
export async function readyBus<T extends Bus>(bus: T): Promise<T> {
  await waitUntil(() =>
    bus.ping().then(
      () => true,
      () => false,
    ),
  );
  return bus;
}

/** Kills only the subscriber connection of the Redis bus named `busName`, so parallel test files keep theirs. */
export async function killBusSubscriber(admin: Redis, busName: string): Promise<boolean> {
  const list = String(await admin.client("LIST"));
  const ids = [...list.matchAll(/id=(\d+) .*name=(\S+)/g)]
    .filter((match) => match[2] === `${busName}-sub`)
    .map((match) => match[1]!);
  for (const id of ids) await admin.client("KILL", "ID", id);
  return ids.length > 0;
}

export function publishFrame(bus: Bus, chatId: string, frame: ServerFrame): Promise<void> {
  return bus.publish(channels.chat(chatId), encodeChatMessage({ frame }));
}

/**
 * Publishes a marker frame on the chat after the frames under test and waits until every client has it.
 * A chat relays in order, so whatever those frames would deliver has arrived by then: "nothing else came"
 * is proven without a clock.
 */
export async function awaitSentinel(bus: Bus, chatId: string, clients: TestClient[]): Promise<void> {
  const title = `sentinel-${randomUUID()}`;
  await publishFrame(bus, chatId, { type: "chat_updated", chatId, title });
  for (const client of clients) {
    await client.waitFor((frame) => frame.type === "chat_updated" && frame.title === title);
  }
}

/** A `ws` client that records every frame it receives and how it was closed. */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => this.frames.push(JSON.parse(String(data)) as ServerFrame));
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
  }

  static connect(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new TestClient(ws);
      ws.once("open", () => resolve(client));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  /** Resolves with the HTTP status of a refused upgrade (or 101 if it was accepted). */
  static upgradeStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
    return new Promise((resolve) => {
      const ws = new WebSocket(url, options);
      ws.once("open", () => {
        ws.close();
        resolve(101);
      });
      ws.once("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.once("error", () => {});
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  of<T extends ServerFrame["type"]>(type: T, chatId?: string): Extract<ServerFrame, { type: T }>[] {
    return this.frames.filter(
      (frame): frame is Extract<ServerFrame, { type: T }> =>
        frame.type === type && (chatId === undefined || ("chatId" in frame && frame.chatId === chatId)),
    );
  }

  seqs(chatId: string): number[] {
    return this.of("new_message", chatId).map((frame) => frame.message.seq);
  }

  async waitFor<T extends ServerFrame>(
    predicate: (frame: ServerFrame) => frame is T,
    timeoutMs?: number,
  ): Promise<T>;
  async waitFor(predicate: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  async waitFor(predicate: (frame: ServerFrame) => boolean, timeoutMs = 10_000): Promise<ServerFrame> {
    let found: ServerFrame | undefined;
    await waitUntil(() => {
      found = this.frames.find(predicate);
      return found !== undefined;
    }, timeoutMs);
    return found as ServerFrame;
  }

  async join(chatId: string, sinceSeq?: number, timeoutMs?: number) {
    this.send(
      sinceSeq === undefined ? { type: "join_chat", chatId } : { type: "join_chat", chatId, sinceSeq },
    );
    return this.waitFor(
      (frame) =>
        (frame.type === "joined" || frame.type === "error") && "chatId" in frame && frame.chatId === chatId,
      timeoutMs,
    );
  }

  waitClosed(timeoutMs = 10_000) {
    return waitUntil(() => this.closed !== null, timeoutMs).then(
      () => this.closed as { code: number; reason: string },
    );
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.terminate();
  }
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Asserts a strictly consecutive run of seqs from `first` to `last`: no gap, no duplicate. */
export function expectedSeqs(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}
