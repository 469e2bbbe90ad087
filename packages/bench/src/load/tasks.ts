import type { SocketKind } from "./sockets";

/** One request of an open-loop run; `send` makes it a message send whose body carries its schedule. */
export interface RequestSpec {
  method: "GET" | "POST";
  path: string;
  userId: string;
  send?: boolean;
  /** The chat a send goes to, so the parent can tell how many deliveries to expect. */
  chatId?: string;
}

export type Task =
  | {
      kind: "http-open";
      baseUrl: string;
      ratePerSec: number;
      durationMs: number;
      concurrency: number;
      jwtSecret: string;
      requests: RequestSpec[];
      tag: string;
    }
  | {
      kind: "receive";
      socketKind: SocketKind;
      wsUrl: string;
      jwtSecret: string;
      sockets: { userId: string; chatIds: string[] }[];
      tag: string;
    }
  | { kind: "idle"; socketKind: SocketKind; wsUrl: string; jwtSecret: string; userIds: string[] }
  | { kind: "http-closed"; baseUrl: string; path: string; concurrency: number; durationMs: number }
  | {
      kind: "ws-echo";
      url: string;
      connections: number;
      inFlight: number;
      durationMs: number;
      payloadBytes: number;
    }
  | { kind: "redis-sub"; redisUrl: string; channel: string; subscribers: number };

/**
 * Parent → worker after `ready`: stop receiving once this many deliveries arrived, once nothing arrived
 * for `quietMs`, or at the timeout, whichever comes first.
 */
export interface CollectMessage {
  type: "collect";
  expectedDeliveries: number;
  quietMs: number;
  timeoutMs: number;
}

export interface ReceiveResult {
  connected: number;
  deliveries: number;
  /** Delivery latency from the send's scheduled time, HdrHistogram compressed. */
  histogram: string;
  /** Per message index: how long after its scheduled send its last delivery in this worker came. */
  lastDelayByIndex: Record<number, number>;
  firstArrivalEpochMs: number;
  lastArrivalEpochMs: number;
}

export interface OpenLoopTaskResult {
  scheduled: number;
  completed: number;
  errors: number;
  unfinished: number;
  achievedPerSec: number;
  histogram: string;
  firstError?: string;
  startEpochMs: number;
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const epochNowMs = () => performance.timeOrigin + performance.now();

/** A bench message body names its run, its index and when it was due, so any receiver can time it. */
export const benchContent = (tag: string, index: number, scheduledEpochMs: number) =>
  `bench ${tag} ${index} ${scheduledEpochMs.toFixed(3)} ${"x".repeat(48)}`;

export function parseBenchContent(
  tag: string,
  content: string,
): { index: number; scheduledEpochMs: number } | null {
  const parts = content.split(" ");
  if (parts[0] !== "bench" || parts[1] !== tag) return null;
  return { index: Number(parts[2]), scheduledEpochMs: Number(parts[3]) };
}
