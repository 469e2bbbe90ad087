import * as hdr from "hdr-histogram-js";

/** Latencies are recorded in microseconds, up to a minute, with three significant digits. */
const MAX_MICROS = 60_000_000;

export type LatencyHistogram = hdr.Histogram;

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

export function createLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_MICROS,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

export function recordLatencyMs(histogram: LatencyHistogram, latencyMs: number): void {
  histogram.recordValue(Math.min(MAX_MICROS, Math.max(1, Math.round(latencyMs * 1000))));
}

const toMs = (micros: number) => Math.round(micros) / 1000;

export function summarizeLatency(histogram: LatencyHistogram): LatencySummary {
  return {
    count: histogram.totalCount,
    p50Ms: toMs(histogram.getValueAtPercentile(50)),
    p99Ms: toMs(histogram.getValueAtPercentile(99)),
    p999Ms: toMs(histogram.getValueAtPercentile(99.9)),
    maxMs: toMs(histogram.maxValue),
    meanMs: toMs(histogram.mean),
  };
}

/** Histograms cross process boundaries in HdrHistogram's compressed form, so percentiles merge exactly. */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function mergeHistograms(encoded: string[]): LatencyHistogram {
  const merged = createLatencyHistogram();
  for (const item of encoded) merged.add(hdr.decodeFromCompressedBase64(item, 32, false));
  return merged;
}
