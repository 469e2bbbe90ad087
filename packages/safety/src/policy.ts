import type { ChatType, SafetyCategory } from "@chat/shared/contracts";
import type { Detection } from "./detect";
import { CATEGORIES } from "./finding";
import type { RuleMatch } from "./rules";

type Treatment = { block?: true; mask?: true; flag?: true; warn?: true };

/** DESIGN.md "Marketplace safety": what each chat type does with each category. */
export const DEFAULT_POLICY: Record<ChatType, Partial<Record<SafetyCategory, Treatment>>> = {
  deal: {
    suspicious_link: { block: true },
    off_platform_contact: { mask: true, flag: true, warn: true },
    off_platform_payment: { mask: true, flag: true, warn: true },
  },
  group: { suspicious_link: { mask: true, flag: true } },
  private: { suspicious_link: { mask: true, flag: true } },
};

export type Verdict =
  | { kind: "block"; category: SafetyCategory | "rule"; categories: SafetyCategory[]; ruleId?: string }
  | {
      kind: "deliver";
      /** The text to store: the original with every masked span replaced by ***. */
      content: string;
      masked: boolean;
      flags: SafetyCategory[];
      /** Set when the message opens or joins a case. */
      flagged: { categories: SafetyCategory[]; ruleIds: string[] } | null;
      /** Whether the chat should get the off-platform warning (rate-limited by the caller). */
      warn: boolean;
    };

export const MASK = "***";

/** Applies the policy of the chat type and the admins' rules to what the detector and the rules found. */
export function decide(
  text: string,
  chatType: ChatType,
  detection: Detection,
  ruleMatches: readonly RuleMatch[],
  policy = DEFAULT_POLICY,
): Verdict {
  const { categories } = detection;
  const treatment = (category: SafetyCategory): Treatment => policy[chatType][category] ?? {};
  const blocking = CATEGORIES.find((category) => categories.includes(category) && treatment(category).block);
  if (blocking) return { kind: "block", category: blocking, categories };
  const blockingRule = ruleMatches.find((match) => match.action === "block");
  if (blockingRule) return { kind: "block", category: "rule", categories, ruleId: blockingRule.ruleId };

  const spans = [
    ...detection.findings.filter((finding) => treatment(finding.category).mask),
    ...ruleMatches.filter((match) => match.action === "mask"),
  ];
  const flaggedCategories = categories.filter((category) => treatment(category).flag);
  const flaggingRules = [...new Set(ruleMatches.filter((m) => m.action === "flag").map((m) => m.ruleId))];
  const flagged =
    flaggedCategories.length > 0 || flaggingRules.length > 0
      ? { categories: flaggedCategories, ruleIds: flaggingRules }
      : null;
  return {
    kind: "deliver",
    content: spans.length > 0 ? maskSpans(text, spans) : text,
    masked: spans.length > 0,
    flags: categories,
    flagged,
    warn: categories.some((category) => treatment(category).warn),
  };
}

/** Replaces each span (overlapping ones merged) with ***. */
export function maskSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = "";
  let cursor = 0;
  for (const span of sorted) {
    if (span.end <= cursor) continue;
    if (span.start >= cursor) {
      out += text.slice(cursor, span.start) + MASK;
    }
    cursor = Math.max(cursor, span.end);
  }
  return out + text.slice(cursor);
}
