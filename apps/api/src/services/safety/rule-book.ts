import type { Executor } from "@chat/db";
import { listRules, rulesVersion } from "@chat/db/queries";
import { compileRules, type RuleSet } from "@chat/safety";

export interface RuleBook {
  /** The rules in force, at most `pollMs` old: a stale copy first asks PostgreSQL for the version. */
  current(): Promise<RuleSet>;
  /** Makes the next `current()` ask, so this node applies its own change at once. */
  invalidate(): void;
}

/**
 * Every api node keeps the compiled rules in memory. A request that finds the copy older than `pollMs`
 * reads the one-row version (concurrent requests share that read) and reloads the rules only when it moved,
 * so a change on any node applies everywhere within `pollMs` without a timer or a second channel.
 */
export function createRuleBook(db: Executor, pollMs: number): RuleBook {
  let rules = compileRules([]);
  let loadedVersion = 0;
  let checkedAtMs = Number.NEGATIVE_INFINITY;
  /** Bumped by invalidate(): a read that started before a change must not count as fresh after it. */
  let generation = 0;
  let pending: Promise<void> | undefined;

  const refresh = async () => {
    const startedMs = Date.now();
    const startedGeneration = generation;
    const version = await rulesVersion(db);
    if (version !== loadedVersion) {
      rules = compileRules(await listRules(db));
      loadedVersion = version;
    }
    if (startedGeneration === generation) checkedAtMs = startedMs;
  };

  return {
    async current() {
      if (Date.now() - checkedAtMs < pollMs) return rules;
      for (;;) {
        const waitedGeneration = generation;
        if (!pending) {
          const attempt = refresh().finally(() => {
            if (pending === attempt) pending = undefined;
          });
          pending = attempt;
        }
        await pending;
        if (generation === waitedGeneration) return rules;
      }
    },
    invalidate() {
      generation += 1;
      checkedAtMs = Number.NEGATIVE_INFINITY;
      pending = undefined;
    },
  };
}
