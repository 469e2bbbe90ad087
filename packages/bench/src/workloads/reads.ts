import { fixtures } from "../ids";
import { runTask } from "../load/controller";
import { type LatencySummary, mergeHistograms, summarizeLatency } from "../load/histogram";
import type { OpenLoopTaskResult, RequestSpec } from "../load/tasks";
import { readCpuSeconds } from "../proc";
import type { SystemUnderTest } from "../systems";
import type { BenchContext } from "./context";

export interface ReadResult {
  ratePerSec: number;
  completed: number;
  errors: number;
  latency: LatencySummary;
  /** CPU time of the REST process per completed request: steadier than latency on a busy box. */
  apiCpuMsPerRequest: number;
  firstError?: string;
}

export const PAGE_LIMIT = 50;

async function runReads(
  system: SystemUnderTest,
  context: BenchContext,
  requests: RequestSpec[],
): Promise<ReadResult> {
  const { readRatePerSec: ratePerSec, readDurationMs: durationMs } = context.config;
  const cpuBefore = readCpuSeconds(system.apiPid);
  const result = await runTask<OpenLoopTaskResult>(
    {
      kind: "http-open",
      baseUrl: system.apiUrl,
      ratePerSec,
      durationMs,
      concurrency: 64,
      jwtSecret: context.jwtSecret,
      requests,
      tag: `${context.runId}-read`,
    },
    durationMs + 60_000,
  );
  return {
    ratePerSec,
    completed: result.completed,
    errors: result.errors + result.unfinished,
    latency: summarizeLatency(mergeHistograms([result.histogram])),
    apiCpuMsPerRequest: ((readCpuSeconds(system.apiPid) - cpuBefore) * 1000) / Math.max(1, result.completed),
    firstError: result.firstError,
  };
}

/** Older pages at random depths of the big chat: a different `before` on every request. */
export function runHistory(system: SystemUnderTest, context: BenchContext): Promise<ReadResult> {
  const newest = context.config.plan.historyChatMessages;
  const requests: RequestSpec[] = Array.from({ length: 2000 }, () => ({
    method: "GET",
    path: `/chats/${fixtures.historyChat}/messages?limit=${PAGE_LIMIT}&before=${PAGE_LIMIT + 1 + Math.floor(Math.random() * (newest - PAGE_LIMIT))}`,
    userId: fixtures.historyUser,
  }));
  return runReads(system, context, requests);
}

/** The first page of the chat list, with unread counts, for a member of 1,000 chats. */
export function runChatList(system: SystemUnderTest, context: BenchContext): Promise<ReadResult> {
  return runReads(system, context, [
    { method: "GET", path: `/chats?limit=${PAGE_LIMIT}`, userId: fixtures.listUser },
  ]);
}
