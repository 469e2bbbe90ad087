import { LoadWorker, runTask } from "../load/controller";
import { type LatencySummary, mergeHistograms, summarizeLatency } from "../load/histogram";
import type { OpenLoopTaskResult, ReceiveResult, RequestSpec } from "../load/tasks";
import { readCpuSeconds, sleep } from "../proc";
import type { SystemUnderTest } from "../systems";
import type { BenchContext } from "./context";

export interface BroadcastSpec {
  name: string;
  sockets: { userId: string; chatIds: string[] }[];
  /** Receiving sockets are split over this many load processes. */
  workers: number;
  sends: RequestSpec[];
  ratePerSec: number;
  durationMs: number;
}

export interface BroadcastResult {
  /** Sockets that joined; `failedSockets` could not connect or join in time. */
  sockets: number;
  failedSockets: number;
  /** From the first connect to the last socket's `joined`. */
  joinMs: number;
  sent: number;
  sendErrors: number;
  expectedDeliveries: number;
  deliveries: number;
  /** Each delivery, from its send's scheduled time to its arrival on a member's socket. */
  delivery: LatencySummary;
  /** The REST send itself, from its scheduled time. */
  rest: LatencySummary;
  deliveriesPerSec: number;
  /** Per message: scheduled send → its last delivery anywhere. */
  timeToLastDeliveryP50Ms: number;
  timeToLastDeliveryMaxMs: number;
  relayCpuSec: number;
  /** The relay's CPU while its sockets sat joined and idle, per second: timers, pings, presence. */
  relayIdleCpuSecPerSec: number;
  apiCpuSec: number;
  apiCpuMsPerSend: number;
  relayCpuSecPerMillionDeliveries: number;
}

/**
 * Opens and joins every socket first, then sends at a fixed rate through REST and times each delivery
 * on every other member's socket. CPU time of the relay process is read from /proc around the sends.
 */
export async function runBroadcast(
  system: SystemUnderTest,
  context: BenchContext,
  spec: BroadcastSpec,
): Promise<BroadcastResult> {
  const tag = `${context.runId}-${spec.name}-${system.name}`;
  const chunks = splitEvenly(spec.sockets, spec.workers);
  const workers = chunks.map((sockets) =>
    LoadWorker.start({
      kind: "receive",
      socketKind: system.socketKind,
      wsUrl: system.wsUrl,
      jwtSecret: context.jwtSecret,
      sockets,
      tag,
    }),
  );
  try {
    const connectTimeoutMs = 60_000 + spec.sockets.length * 20;
    const joinStartedAt = performance.now();
    const ready = await Promise.all(
      workers.map((worker) =>
        worker.next<{ failedUserIds: string[]; firstError?: string }>("ready", connectTimeoutMs),
      ),
    ).catch((error: unknown) => {
      const joined = workers.reduce(
        (sum, worker) => sum + (worker.latest<{ joined: number }>("progress")?.joined ?? 0),
        0,
      );
      throw new Error(
        `${error instanceof Error ? error.message : error}; about ${joined} of ${spec.sockets.length} sockets had joined`,
      );
    });
    const joinMs = performance.now() - joinStartedAt;
    const failed = new Set(ready.flatMap((item) => item.failedUserIds));
    if (failed.size > 0) {
      context.log(
        `  ${failed.size} sockets failed to join (${ready.find((item) => item.firstError)?.firstError})`,
      );
    }
    const joined = chunks.map((sockets) => sockets.filter((socket) => !failed.has(socket.userId)));
    const idleCpuBefore = readCpuSeconds(system.relayPid);
    await sleep(IDLE_PROBE_MS);
    const relayIdleCpuSecPerSec = (readCpuSeconds(system.relayPid) - idleCpuBefore) / (IDLE_PROBE_MS / 1000);
    const relayCpuBefore = readCpuSeconds(system.relayPid);
    const apiCpuBefore = readCpuSeconds(system.apiPid);
    const sender = await runTask<OpenLoopTaskResult>(
      {
        kind: "http-open",
        baseUrl: system.apiUrl,
        ratePerSec: spec.ratePerSec,
        durationMs: spec.durationMs,
        concurrency: 64,
        jwtSecret: context.jwtSecret,
        requests: spec.sends,
        tag,
      },
      spec.durationMs + 60_000,
    );
    const perSpec = sendsPerSpec(spec.sends.length, sender.scheduled);
    joined.forEach((sockets, index) => {
      workers[index]?.post({
        type: "collect",
        expectedDeliveries: expectedFor(sockets, spec.sends, perSpec),
        quietMs: 3000,
        timeoutMs: 60_000,
      });
    });
    const received = await Promise.all(workers.map((worker) => worker.result<ReceiveResult>(90_000)));
    const relayCpuSec = readCpuSeconds(system.relayPid) - relayCpuBefore;
    const apiCpuSec = readCpuSeconds(system.apiPid) - apiCpuBefore;

    const deliveries = received.reduce((sum, item) => sum + item.deliveries, 0);
    const lastDelays = new Map<number, number>();
    for (const item of received) {
      for (const [index, delay] of Object.entries(item.lastDelayByIndex)) {
        lastDelays.set(Number(index), Math.max(lastDelays.get(Number(index)) ?? 0, delay));
      }
    }
    const sortedDelays = [...lastDelays.values()].sort((a, b) => a - b);
    const lastArrival = Math.max(...received.map((item) => item.lastArrivalEpochMs));
    const windowMs = lastArrival - sender.startEpochMs;
    return {
      sockets: spec.sockets.length - failed.size,
      failedSockets: failed.size,
      joinMs,
      sent: sender.completed,
      sendErrors: sender.errors + sender.unfinished,
      expectedDeliveries: joined.reduce((sum, sockets) => sum + expectedFor(sockets, spec.sends, perSpec), 0),
      deliveries,
      delivery: summarizeLatency(mergeHistograms(received.map((item) => item.histogram))),
      rest: summarizeLatency(mergeHistograms([sender.histogram])),
      deliveriesPerSec: windowMs > 0 ? (deliveries * 1000) / windowMs : 0,
      timeToLastDeliveryP50Ms: round(sortedDelays[Math.floor(sortedDelays.length / 2)] ?? 0),
      timeToLastDeliveryMaxMs: round(sortedDelays.at(-1) ?? 0),
      relayCpuSec,
      relayIdleCpuSecPerSec,
      apiCpuSec,
      apiCpuMsPerSend: (apiCpuSec * 1000) / Math.max(1, sender.completed),
      relayCpuSecPerMillionDeliveries: deliveries > 0 ? (relayCpuSec / deliveries) * 1_000_000 : 0,
    };
  } finally {
    for (const worker of workers) worker.stop();
  }
}

const IDLE_PROBE_MS = 2000;

const round = (value: number) => Math.round(value * 100) / 100;

function splitEvenly<T>(items: T[], parts: number): T[][] {
  const chunks: T[][] = Array.from({ length: Math.max(1, Math.min(parts, items.length)) }, () => []);
  items.forEach((item, index) => {
    chunks[index % chunks.length]?.push(item);
  });
  return chunks;
}

/** The open loop hands out request specs round-robin, so spec s is used this many times. */
function sendsPerSpec(specs: number, scheduled: number): number[] {
  return Array.from(
    { length: specs },
    (_, s) => Math.floor(scheduled / specs) + (s < scheduled % specs ? 1 : 0),
  );
}

function expectedFor(
  sockets: { userId: string; chatIds: string[] }[],
  sends: RequestSpec[],
  perSpec: number[],
): number {
  let expected = 0;
  for (const socket of sockets) {
    sends.forEach((send, s) => {
      if (send.chatId && socket.chatIds.includes(send.chatId) && send.userId !== socket.userId) {
        expected += perSpec[s] ?? 0;
      }
    });
  }
  return expected;
}
