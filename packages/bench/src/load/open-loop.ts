import { type Clock, realClock } from "./clock";
import { type LatencyHistogram, recordLatencyMs } from "./histogram";

export interface OpenLoopOptions {
  ratePerSec: number;
  durationMs: number;
  /** Requests in flight at most; due requests wait in line and still count from their scheduled time. */
  concurrency: number;
  /** Sends request `index`; resolves when its response arrives, rejects on failure. */
  request: (index: number, scheduledAt: number) => Promise<void>;
  histogram: LatencyHistogram;
  /** How long to wait for stragglers after the last scheduled send. */
  drainTimeoutMs?: number;
  clock?: Clock;
}

export interface OpenLoopResult {
  scheduled: number;
  completed: number;
  errors: number;
  /** Scheduled but neither answered nor failed within the drain timeout. */
  unfinished: number;
  elapsedMs: number;
  achievedPerSec: number;
}

/**
 * Sends at a fixed rate whatever the responder does, and measures each latency from the time the
 * request was due, not from when it left: a stalled server cannot hide the queue it causes
 * (coordinated omission). The number of requests is rate × duration, so every run is bounded.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const clock = options.clock ?? realClock;
  const intervalMs = 1000 / options.ratePerSec;
  const total = Math.max(1, Math.floor((options.ratePerSec * options.durationMs) / 1000));
  const start = clock.now();
  let due = 0;
  let started = 0;
  let inFlight = 0;
  let completed = 0;
  let errors = 0;
  let lastDoneAt = start;
  let onIdle: (() => void) | null = null;

  const finish = (scheduledAt: number, ok: boolean) => {
    const now = clock.now();
    if (ok) {
      completed += 1;
      recordLatencyMs(options.histogram, now - scheduledAt);
    } else {
      errors += 1;
    }
    lastDoneAt = now;
    inFlight -= 1;
    startDue();
    if (inFlight === 0 && started === total) onIdle?.();
  };

  function startDue() {
    while (started < due && inFlight < options.concurrency) {
      const index = started;
      const scheduledAt = start + index * intervalMs;
      started += 1;
      inFlight += 1;
      let request: Promise<void>;
      try {
        request = options.request(index, scheduledAt);
      } catch {
        request = Promise.reject(new Error("request threw"));
      }
      request.then(
        () => finish(scheduledAt, true),
        () => finish(scheduledAt, false),
      );
    }
  }

  while (due < total) {
    const now = clock.now();
    while (due < total && start + due * intervalMs <= now) due += 1;
    startDue();
    if (due < total) await clock.sleep(Math.max(0, start + due * intervalMs - clock.now()));
  }

  if (inFlight > 0 || started < total) {
    const idle = new Promise<void>((resolve) => {
      onIdle = resolve;
    });
    await Promise.race([idle, clock.sleep(options.drainTimeoutMs ?? 10_000)]);
  }
  const elapsedMs = Math.max(lastDoneAt, start + (total - 1) * intervalMs) - start;
  return {
    scheduled: total,
    completed,
    errors,
    unfinished: total - completed - errors,
    elapsedMs,
    achievedPerSec: elapsedMs > 0 ? (completed * 1000) / elapsedMs : completed,
  };
}
