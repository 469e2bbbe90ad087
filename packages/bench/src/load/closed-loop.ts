import { type LatencyHistogram, recordLatencyMs } from "./histogram";

export interface ClosedLoopResult {
  completed: number;
  errors: number;
  elapsedMs: number;
  perSec: number;
}

/**
 * Ceiling probes only: `concurrency` callers each send again as soon as their answer arrives, for a
 * fixed time. Its latencies omit queueing by design, so they are never reported as service latency.
 */
export async function runClosedLoop(options: {
  concurrency: number;
  durationMs: number;
  request: () => Promise<void>;
  histogram?: LatencyHistogram;
}): Promise<ClosedLoopResult> {
  const start = performance.now();
  const deadline = start + options.durationMs;
  let completed = 0;
  let errors = 0;
  const caller = async () => {
    while (performance.now() < deadline) {
      const sentAt = performance.now();
      try {
        await options.request();
        completed += 1;
        if (options.histogram) recordLatencyMs(options.histogram, performance.now() - sentAt);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  const elapsedMs = performance.now() - start;
  return { completed, errors, elapsedMs, perSec: (completed * 1000) / elapsedMs };
}
