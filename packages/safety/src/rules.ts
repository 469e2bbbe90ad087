import { domainToUnicode } from "node:url";
import type { ChatType, ModerationRule, RuleAction } from "@chat/shared/contracts";
import { RE2JS } from "re2js";
import { B, E } from "./finding";
import { type Folded, fold, latinSkeleton, originalSpan } from "./fold";
import { latin } from "./lexicon";

export type RuleInput = Pick<ModerationRule, "id" | "kind" | "value" | "action" | "chatTypes">;
export type RuleMatch = { ruleId: string; action: RuleAction; start: number; end: number };

type Matcher = (text: string, read: Reading) => [number, number][];
type CompiledRule = { rule: RuleInput; matches: Matcher };
/** What several rules share of one text, computed once and only when a rule asks for it. */
type Reading = { folded(): Folded; skeleton(): string };

const HOSTNAME = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,63}$/u;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A domain as rules compare it: lower case, Unicode (punycode decoded), without scheme, www., port or path. */
export function normalizeDomain(value: string): string {
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/[/:?#].*$/, "")
    .replace(/^www\./, "");
  return host.includes("xn--") ? domainToUnicode(host) || host : host;
}

/**
 * Why a rule cannot be kept, or null when it can. Patterns run on RE2 (re2js), which matches in time linear
 * in the text, so a pattern it cannot compile (a back-reference, a lookaround) is refused here.
 */
export function ruleProblem(kind: RuleInput["kind"], value: string): string | null {
  if (kind === "pattern") {
    try {
      RE2JS.compile(value, RE2JS.CASE_INSENSITIVE);
      return null;
    } catch (error) {
      return `the pattern cannot run in linear time or does not parse (RE2 syntax, no back-references or lookarounds): ${(error as Error).message}`;
    }
  }
  if (kind === "domain") {
    return HOSTNAME.test(normalizeDomain(value)) ? null : "must be a domain such as example.com";
  }
  return /[\p{L}\p{N}]/u.test(fold(value).text) ? null : "must contain a letter or digit";
}

function wordMatcher(value: string): Matcher {
  const folded = fold(value.trim()).text;
  const source = (word: string) =>
    `${B}${word
      .split(/\s+/)
      .map((part) => latin(escapeRegex(part)))
      .join("\\s*")}${E}`;
  const plain = new RegExp(source(folded), "giu");
  const lookalike = new RegExp(source(latinSkeleton(folded)), "giu");
  return (text, read) => {
    const found = new Map<string, [number, number]>();
    for (const [pattern, haystack] of [
      [plain, read.folded().text],
      [lookalike, read.skeleton()],
    ] as const) {
      for (const match of haystack.matchAll(pattern)) {
        const span = originalSpan(read.folded(), match.index, match.index + match[0].length, text);
        found.set(span.join(":"), span);
      }
    }
    return [...found.values()];
  };
}

function patternMatcher(value: string): Matcher {
  const compiled = RE2JS.compile(value, RE2JS.CASE_INSENSITIVE);
  return (text) => {
    const found: [number, number][] = [];
    const matcher = compiled.matcher(text);
    while (matcher.find()) {
      if (matcher.end() > matcher.start()) found.push([matcher.start(), matcher.end()]);
    }
    return found;
  };
}

/** Any link to the domain or a subdomain, whatever its TLD, with its path; the link-reading TLD list is not asked. */
function domainMatcher(value: string): Matcher {
  const domain = escapeRegex(normalizeDomain(value));
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_@.-])(?:https?:\\/\\/)?(?:[\\p{L}\\p{N}-]{1,63}\\.){0,8}${domain}(?![\\p{L}\\p{N}-]|\\.[\\p{L}\\p{N}])(?::\\d{1,5})?(?:\\/\\S*)?`,
    "giu",
  );
  return (text) => [...text.matchAll(pattern)].map((match) => [match.index, match.index + match[0].length]);
}

const MATCHERS: Record<RuleInput["kind"], (value: string) => Matcher> = {
  word: wordMatcher,
  pattern: patternMatcher,
  domain: domainMatcher,
};

export type RuleSet = { size: number; match(text: string, chatType: ChatType): RuleMatch[] };

/** Compiles rules once per change; a rule that no longer compiles is skipped rather than stopping sends. */
export function compileRules(rules: readonly RuleInput[]): RuleSet {
  const compiled: CompiledRule[] = rules.flatMap((rule) => {
    if (ruleProblem(rule.kind, rule.value) !== null) return [];
    try {
      return [{ rule, matches: MATCHERS[rule.kind](rule.value) }];
    } catch {
      return [];
    }
  });
  return {
    size: compiled.length,
    match(text, chatType) {
      const applicable = compiled.filter(({ rule }) => !rule.chatTypes || rule.chatTypes.includes(chatType));
      if (applicable.length === 0) return [];
      const read = lazyReading(text);
      return applicable.flatMap(({ rule, matches }) =>
        matches(text, read).map(([start, end]) => ({ ruleId: rule.id, action: rule.action, start, end })),
      );
    },
  };
}

function lazyReading(text: string): Reading {
  let folded: Folded | undefined;
  let skeleton: string | undefined;
  return {
    folded: () => {
      folded ??= fold(text);
      return folded;
    },
    skeleton() {
      skeleton ??= latinSkeleton(this.folded().text);
      return skeleton;
    },
  };
}
