import { fixtures, SEND_CHATS } from "../ids";
import { runTask } from "../load/controller";
import { type LatencySummary, mergeHistograms, summarizeLatency } from "../load/histogram";
import type { OpenLoopTaskResult, RequestSpec } from "../load/tasks";
import { readCpuSeconds } from "../proc";
import type { SystemUnderTest } from "../systems";
import type { BenchContext } from "./context";

export const SEND_P99_BUDGET_MS = 50;

export interface SendStep {
  offeredPerSec: number;
  achievedPerSec: number;
  errors: number;
  unfinished: number;
  latency: LatencySummary;
  /** The api process's CPU over the step per completed send. */
  apiCpuMsPerSend: number;
  sustained: boolean;
  firstError?: string;
}

export interface SendThroughputResult {
  maxSustainedPerSec: number;
  steps: SendStep[];
}

/** Sends spread over the seeded two-member chats, each from one of its members. */
export function sendRequests(): RequestSpec[] {
  return Array.from({ length: SEND_CHATS * 2 }, (_, i) => {
    const chat = i % SEND_CHATS;
    return {
      method: "POST",
      path: `/chats/${fixtures.sendChat(chat)}/messages`,
      userId: fixtures.sendUser(chat, i < SEND_CHATS ? "a" : "b"),
      send: true,
    };
  });
}

let stepCounter = 0;

export async function runSendStep(
  system: SystemUnderTest,
  context: BenchContext,
  ratePerSec: number,
  durationMs: number,
): Promise<SendStep> {
  stepCounter += 1;
  const cpuBefore = readCpuSeconds(system.apiPid);
  const result = await runTask<OpenLoopTaskResult>(
    {
      kind: "http-open",
      baseUrl: system.apiUrl,
      ratePerSec,
      durationMs,
      concurrency: context.config.sendConnections,
      jwtSecret: context.jwtSecret,
      requests: sendRequests(),
      tag: `${context.runId}-send${stepCounter}-${system.name}`,
    },
    durationMs + 60_000,
  );
  const latency = summarizeLatency(mergeHistograms([result.histogram]));
  return {
    offeredPerSec: ratePerSec,
    achievedPerSec: result.achievedPerSec,
    errors: result.errors,
    unfinished: result.unfinished,
    latency,
    apiCpuMsPerSend: ((readCpuSeconds(system.apiPid) - cpuBefore) * 1000) / Math.max(1, result.completed),
    sustained:
      result.errors === 0 &&
      result.unfinished === 0 &&
      latency.p99Ms < SEND_P99_BUDGET_MS &&
      result.achievedPerSec >= ratePerSec * 0.95,
    firstError: result.firstError,
  };
}

/** Steps the offered rate up until p99 crosses the budget (or sends fail); the last step that held wins. */
export async function runSendThroughput(
  system: SystemUnderTest,
  context: BenchContext,
): Promise<SendThroughputResult> {
  await runSendStep(system, context, 100, 2000);
  const steps: SendStep[] = [];
  let maxSustainedPerSec = 0;
  for (const rate of context.config.sendRates) {
    let step = await runSendStep(system, context, rate, context.config.sendStepMs);
    // One retry: on a shared box a single stall elsewhere can sink a step the service can hold.
    if (!step.sustained) step = await runSendStep(system, context, rate, context.config.sendStepMs);
    steps.push(step);
    context.log(
      `  ${system.name} send ${rate}/s: p99 ${step.latency.p99Ms} ms, achieved ${step.achievedPerSec.toFixed(0)}/s, errors ${step.errors}${step.firstError ? ` (${step.firstError.slice(0, 120)})` : ""}`,
    );
    if (!step.sustained) break;
    maxSustainedPerSec = rate;
  }
  return { maxSustainedPerSec, steps };
}
