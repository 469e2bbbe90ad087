import { describe, expect, it } from "vitest";
import { detect } from "./detect";
import { decide, maskSpans } from "./policy";
import { compileRules, type RuleInput, ruleProblem } from "./rules";

const rule = (kind: RuleInput["kind"], value: string, extra: Partial<RuleInput> = {}): RuleInput => ({
  id: `00000000-0000-7000-8000-00000000000${kind.length}`,
  kind,
  value,
  action: "mask",
  chatTypes: null,
  ...extra,
});
const spansOf = (ruleInput: RuleInput, text: string) =>
  compileRules([ruleInput])
    .match(text, "group")
    .map((match) => text.slice(match.start, match.end));

describe("word rules", () => {
  it.each([
    ["scam", "this is a SCAM"],
    ["scam", "it is s c a m"],
    ["scam", "this is a sc4m"],
    ["scam", "this is a scaaaam"],
    ["scam", "this is a ѕсаm"],
    ["café", "meet at the cafe"],
    ["кидала", "он КИДАЛА"],
    ["drop-off", "a drop-off point"],
    ["code299", "send CODE299 now"],
    ["lot3000x", "the LOT3000X is gone"],
  ])("%s matches %s", (word, text) => {
    expect(spansOf(rule("word", word), text)).toHaveLength(1);
  });

  it("matches whole words only", () => {
    expect(spansOf(rule("word", "scam"), "scampi and scamming")).toEqual([]);
  });
});

describe("pattern rules", () => {
  it("run on RE2, case-insensitively", () => {
    expect(spansOf(rule("pattern", "order-\\d{3}"), "see ORDER-123 now")).toEqual(["ORDER-123"]);
  });

  it("stay linear on a pattern that backtracks without bound elsewhere", () => {
    const startedMs = performance.now();
    spansOf(rule("pattern", "(a+)+$"), `${"a".repeat(50_000)}b`);
    expect(performance.now() - startedMs).toBeLessThan(2000);
  });

  it.each(["(a)\\1", "(?<=a)b", "(?=a)", "["])("refuses %s", (pattern) => {
    expect(ruleProblem("pattern", pattern)).toMatch(/linear time/);
  });
});

describe("domain rules", () => {
  it("match the domain and its subdomains, not look-alike neighbours", () => {
    const domainRule = rule("domain", "https://www.Evil.com/path");
    expect(spansOf(domainRule, "go to evil.com/x or login.evil.com")).toEqual([
      "evil.com/x",
      "login.evil.com",
    ]);
    expect(spansOf(domainRule, "notevil.com and evil.com.ru")).toEqual([]);
  });

  it("refuse a value that is not a domain", () => {
    expect(ruleProblem("domain", "not a domain")).not.toBeNull();
  });
});

it("a rule limited to deal chats leaves group chats alone", () => {
  const rules = compileRules([rule("word", "scam", { chatTypes: ["deal"] })]);
  expect(rules.match("scam", "group")).toEqual([]);
  expect(rules.match("scam", "deal")).toHaveLength(1);
});

describe("the default policy", () => {
  const verdict = (text: string, chatType: "deal" | "group" | "private") =>
    decide(text, chatType, detect(text), []);

  it("blocks a suspicious link in a deal chat and names every category", () => {
    expect(verdict("pay here: paypaI-secure.com/inv/1 or tg @x_seller", "deal")).toEqual({
      kind: "block",
      category: "suspicious_link",
      categories: ["off_platform_contact", "off_platform_payment", "suspicious_link"],
    });
  });

  it("masks, flags and warns on a contact in a deal chat", () => {
    expect(verdict("пиши в тг @skins_msk", "deal")).toMatchObject({
      kind: "deliver",
      masked: true,
      flags: ["off_platform_contact"],
      flagged: { categories: ["off_platform_contact"] },
      warn: true,
    });
  });

  it("lets a contact pass in a group chat but still lists it", () => {
    expect(verdict("пиши в тг @skins_msk", "group")).toEqual({
      kind: "deliver",
      content: "пиши в тг @skins_msk",
      masked: false,
      flags: ["off_platform_contact"],
      flagged: null,
      warn: false,
    });
  });

  it("masks and flags a suspicious link in a private chat", () => {
    expect(verdict("look: bit.ly/abc", "private")).toMatchObject({ content: "look: ***", masked: true });
  });

  it("a block rule refuses with its id", () => {
    const text = "selling a scam";
    const matches = compileRules([rule("word", "scam", { action: "block" })]).match(text, "group");
    expect(decide(text, "group", detect(text), matches)).toMatchObject({ kind: "block", category: "rule" });
  });
});

it("maskSpans merges overlapping spans", () => {
  expect(
    maskSpans("abcdefgh", [
      { start: 1, end: 4 },
      { start: 2, end: 6 },
      { start: 7, end: 8 },
    ]),
  ).toBe("a***g***");
});
