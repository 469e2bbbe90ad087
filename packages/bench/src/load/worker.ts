import { mintToken } from "@chat/shared/auth";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { runClosedLoop } from "./closed-loop";
import { createLatencyHistogram, encodeHistogram, recordLatencyMs } from "./histogram";
import { createHttpTarget, sendHttp } from "./http-client";
import { runOpenLoop } from "./open-loop";
import { type BenchSocket, forEachBounded, openSocket } from "./sockets";
import {
  benchContent,
  type CollectMessage,
  epochNowMs,
  type OpenLoopTaskResult,
  parseBenchContent,
  type ReceiveResult,
  type Task,
} from "./tasks";

/**
 * A load-generating child process: it receives one task, runs it, reports, and exits when the parent
 * goes away, so no run outlives the benchmark.
 */
const CONNECT_PARALLELISM = 64;

const post = (message: unknown) => process.send?.(message);
const controls: ((message: { type: string }) => void)[] = [];
const nextControl = <T extends { type: string }>(type: string) =>
  new Promise<T>((resolve) => {
    const handler = (message: { type: string }) => {
      if (message.type !== type) return;
      controls.splice(controls.indexOf(handler), 1);
      resolve(message as T);
    };
    controls.push(handler);
  });

const tokenCache = new Map<string, Promise<string>>();
function tokenFor(secret: string, userId: string) {
  let token = tokenCache.get(userId);
  if (!token) {
    token = mintToken({ secret, userId, expiresIn: "2h" });
    tokenCache.set(userId, token);
  }
  return token;
}

async function runHttpOpen(task: Extract<Task, { kind: "http-open" }>): Promise<OpenLoopTaskResult> {
  const target = createHttpTarget(task.baseUrl, task.concurrency);
  const tokens = await Promise.all(task.requests.map((spec) => tokenFor(task.jwtSecret, spec.userId)));
  const histogram = createLatencyHistogram();
  let firstError: string | undefined;
  const startEpochMs = epochNowMs();
  const result = await runOpenLoop({
    ratePerSec: task.ratePerSec,
    durationMs: task.durationMs,
    concurrency: task.concurrency,
    histogram,
    request: async (index, scheduledAt) => {
      const slot = index % task.requests.length;
      const spec = task.requests[slot]!;
      const body = spec.send
        ? JSON.stringify({
            content: benchContent(task.tag, index, performance.timeOrigin + scheduledAt),
            clientMessageId: `${task.tag}-${index}`,
          })
        : undefined;
      try {
        await sendHttp(target, spec.method, spec.path, { token: tokens[slot], body });
      } catch (error) {
        firstError ??= String(error);
        throw error;
      }
    },
  });
  target.agent.destroy();
  return { ...result, histogram: encodeHistogram(histogram), firstError, startEpochMs };
}

async function runReceive(task: Extract<Task, { kind: "receive" }>): Promise<ReceiveResult> {
  const histogram = createLatencyHistogram();
  const lastDelayByIndex: Record<number, number> = {};
  let deliveries = 0;
  let firstArrivalEpochMs = 0;
  let lastArrivalEpochMs = 0;
  let onDelivery: (() => void) | null = null;
  const sockets: BenchSocket[] = [];

  const failedUserIds: string[] = [];
  let firstError: string | undefined;
  let joined = 0;
  const progress = setInterval(() => post({ type: "progress", joined, failed: failedUserIds.length }), 5000);
  await forEachBounded(task.sockets, CONNECT_PARALLELISM, async (spec) => {
    try {
      await connectAndJoin(spec);
      joined += 1;
    } catch (error) {
      failedUserIds.push(spec.userId);
      firstError ??= String(error);
    }
  });
  clearInterval(progress);
  post({ type: "ready", connected: sockets.length, failedUserIds, firstError });

  async function connectAndJoin(spec: { userId: string; chatIds: string[] }) {
    const token = await tokenFor(task.jwtSecret, spec.userId);
    const socket = await openSocket(task.socketKind, task.wsUrl, token, (message) => {
      if (message.senderId === spec.userId) return;
      const parsed = parseBenchContent(task.tag, message.content);
      if (!parsed) return;
      const now = epochNowMs();
      const delayMs = now - parsed.scheduledEpochMs;
      recordLatencyMs(histogram, delayMs);
      lastDelayByIndex[parsed.index] = Math.max(lastDelayByIndex[parsed.index] ?? 0, delayMs);
      firstArrivalEpochMs ||= now;
      lastArrivalEpochMs = now;
      deliveries += 1;
      onDelivery?.();
    });
    sockets.push(socket);
    for (const chatId of spec.chatIds) await socket.join(chatId);
  }

  const collect = await nextControl<CollectMessage>("collect");
  await new Promise<void>((resolve) => {
    const deadline = Date.now() + collect.timeoutMs;
    let quietSince = Date.now();
    const check = setInterval(() => {
      if (Date.now() >= deadline || Date.now() - quietSince >= collect.quietMs) done();
    }, 100);
    const done = () => {
      clearInterval(check);
      onDelivery = null;
      resolve();
    };
    onDelivery = () => {
      quietSince = Date.now();
      if (deliveries >= collect.expectedDeliveries) done();
    };
    if (deliveries >= collect.expectedDeliveries) done();
  });
  for (const socket of sockets) socket.close();
  return {
    connected: sockets.length,
    deliveries,
    histogram: encodeHistogram(histogram),
    lastDelayByIndex,
    firstArrivalEpochMs,
    lastArrivalEpochMs,
  };
}

async function runIdle(task: Extract<Task, { kind: "idle" }>) {
  const sockets: BenchSocket[] = [];
  let failed = 0;
  let firstError: string | undefined;
  await forEachBounded(task.userIds, CONNECT_PARALLELISM, async (userId) => {
    try {
      const token = await tokenFor(task.jwtSecret, userId);
      sockets.push(await openSocket(task.socketKind, task.wsUrl, token, () => {}));
    } catch (error) {
      failed += 1;
      firstError ??= String(error);
    }
  });
  post({ type: "ready", connected: sockets.length, failed, firstError });
  await nextControl("release");
  for (const socket of sockets) socket.close();
  return { connected: sockets.length, failed };
}

async function runWsEcho(task: Extract<Task, { kind: "ws-echo" }>) {
  const payload = "x".repeat(task.payloadBytes);
  const deadline = performance.now() + task.durationMs;
  let echoes = 0;
  const start = performance.now();
  await Promise.all(
    Array.from(
      { length: task.connections },
      () =>
        new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(task.url, { perMessageDeflate: false });
          let outstanding = 0;
          ws.once("error", reject);
          ws.on("open", () => {
            for (let i = 0; i < task.inFlight; i += 1) {
              ws.send(payload);
              outstanding += 1;
            }
          });
          ws.on("message", () => {
            echoes += 1;
            outstanding -= 1;
            if (performance.now() < deadline) {
              ws.send(payload);
              outstanding += 1;
            } else if (outstanding === 0) {
              ws.close();
              resolve();
            }
          });
        }),
    ),
  );
  return { echoes, perSec: (echoes * 1000) / (performance.now() - start) };
}

async function runRedisSub(task: Extract<Task, { kind: "redis-sub" }>) {
  let received = 0;
  const clients = Array.from({ length: task.subscribers }, () => new Redis(task.redisUrl));
  for (const client of clients) {
    client.on("message", () => {
      received += 1;
    });
    await client.subscribe(task.channel);
  }
  post({ type: "ready" });
  await nextControl("release");
  await Promise.all(clients.map((client) => client.quit()));
  return { received };
}

async function runTask(task: Task): Promise<unknown> {
  switch (task.kind) {
    case "http-open":
      return runHttpOpen(task);
    case "receive":
      return runReceive(task);
    case "idle":
      return runIdle(task);
    case "http-closed": {
      const target = createHttpTarget(task.baseUrl, task.concurrency);
      const result = await runClosedLoop({
        concurrency: task.concurrency,
        durationMs: task.durationMs,
        request: () => sendHttp(target, "GET", task.path).then(() => undefined),
      });
      target.agent.destroy();
      return result;
    }
    case "ws-echo":
      return runWsEcho(task);
    case "redis-sub":
      return runRedisSub(task);
  }
}

process.on("message", (message: { type: string; task?: Task }) => {
  if (message.type !== "task" || !message.task) {
    for (const handler of [...controls]) handler(message);
    return;
  }
  runTask(message.task).then(
    (result) => post({ type: "result", result }),
    (error: unknown) =>
      post({ type: "error", message: String(error instanceof Error ? error.stack : error) }),
  );
});
process.on("disconnect", () => process.exit(0));
