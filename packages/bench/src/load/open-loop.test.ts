import { describe, expect, it } from "vitest";
import type { Clock } from "./clock";
import { createLatencyHistogram, summarizeLatency } from "./histogram";
import { runOpenLoop } from "./open-loop";

/** Discrete-event time: sleeps resolve in deadline order, and only once every pending callback has run. */
class VirtualClock implements Clock {
  private time = 0;
  private timers: { at: number; order: number; resolve: () => void }[] = [];
  private order = 0;

  now() {
    return this.time;
  }

  sleep(ms: number) {
    return new Promise<void>((resolve) => {
      this.timers.push({ at: this.time + ms, order: this.order++, resolve });
    });
  }

  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) return settled;
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers.shift();
      if (!next) throw new Error("virtual clock: nothing left to wait for");
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}

describe("open-loop load generator", () => {
  it("counts queued requests behind a stalled responder from their scheduled time, not their send time", async () => {
    const clock = new VirtualClock();
    const corrected = createLatencyHistogram();
    const serviceTimesMs: number[] = [];
    // 100 requests at 100/s over one connection; the first answer takes 500 ms, every other one 1 ms.
    const result = await clock.run(
      runOpenLoop({
        ratePerSec: 100,
        durationMs: 1000,
        concurrency: 1,
        histogram: corrected,
        clock,
        request: async (index) => {
          const sentAt = clock.now();
          await clock.sleep(index === 0 ? 500 : 1);
          serviceTimesMs.push(clock.now() - sentAt);
        },
      }),
    );

    expect(result).toMatchObject({ scheduled: 100, completed: 100, errors: 0, unfinished: 0 });
    // Request k is due at 10k ms and, stuck behind the stall, answered at 500 + k ms while that is later.
    const expected = Array.from({ length: 100 }, (_, k) => Math.max(1, 500 + k - 10 * k));
    const summary = summarizeLatency(corrected);
    expect(summary.maxMs).toBeCloseTo(500, 0);
    expect(summary.p50Ms).toBeCloseTo(expected.sort((a, b) => a - b)[49] ?? 0, 0);
    expect(summary.p50Ms).toBeGreaterThan(40);
    // What a closed-loop client would have reported: one slow answer and a median of 1 ms.
    expect(serviceTimesMs.sort((a, b) => a - b)[49]).toBe(1);
  });

  it("keeps the offered rate while answers are slow, up to the concurrency bound", async () => {
    const clock = new VirtualClock();
    const sentAtMs: number[] = [];
    const result = await clock.run(
      runOpenLoop({
        ratePerSec: 200,
        durationMs: 500,
        concurrency: 1000,
        histogram: createLatencyHistogram(),
        clock,
        request: async () => {
          sentAtMs.push(clock.now());
          await clock.sleep(100);
        },
      }),
    );

    expect(result.scheduled).toBe(100);
    expect(result.completed).toBe(100);
    expect(sentAtMs).toEqual(Array.from({ length: 100 }, (_, k) => k * 5));
  });

  it("counts failures and unanswered requests apart from latencies, and stops at the drain timeout", async () => {
    const clock = new VirtualClock();
    const histogram = createLatencyHistogram();
    const result = await clock.run(
      runOpenLoop({
        ratePerSec: 10,
        durationMs: 1000,
        concurrency: 10,
        histogram,
        clock,
        drainTimeoutMs: 2000,
        request: (index) => {
          if (index % 5 === 0) return Promise.reject(new Error("refused"));
          if (index === 9) return new Promise<void>(() => {});
          return clock.sleep(1);
        },
      }),
    );

    expect(result).toMatchObject({ scheduled: 10, completed: 7, errors: 2, unfinished: 1 });
    expect(histogram.totalCount).toBe(7);
  });
});
