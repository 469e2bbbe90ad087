import { z } from "zod";
import { withTimeout } from "../timeout";

/** The one /ready body of every app: which dependency failed, and whether the node is shutting down. */
export const Readiness = z.object({
  status: z.enum(["ready", "unavailable", "draining"]),
  checks: z.record(z.string(), z.enum(["ok", "failed"])),
});
export type Readiness = z.infer<typeof Readiness>;

/** Each check throws (or never answers) when its dependency is unreachable. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

export interface ReadinessOptions {
  checks: ReadinessChecks;
  /** A check slower than this counts as failed (default 2 s). */
  timeoutMs?: number;
  /** A draining node answers 503 whatever its dependencies say, so balancers send it nothing new. */
  isDraining?: () => boolean;
  /** Told why a check failed: the body only says "failed", since /ready is public. */
  onFailure?: (name: string, error: unknown) => void;
}

export const READINESS_TIMEOUT_MS = 2000;

/** Runs every check at once; ready only when each answered in time and the node is not draining. */
export async function checkReadiness(
  options: ReadinessOptions,
): Promise<{ httpStatus: 200 | 503; body: Readiness }> {
  const timeoutMs = options.timeoutMs ?? READINESS_TIMEOUT_MS;
  const entries = await Promise.all(
    Object.entries(options.checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), timeoutMs, `${name} readiness check`);
        return [name, "ok"] as const;
      } catch (error) {
        options.onFailure?.(name, error);
        return [name, "failed"] as const;
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  const status = options.isDraining?.()
    ? "draining"
    : entries.every(([, state]) => state === "ok")
      ? "ready"
      : "unavailable";
  return { httpStatus: status === "ready" ? 200 : 503, body: { status, checks } };
}
