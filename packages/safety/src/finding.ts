import { SafetyCategory } from "@chat/shared/contracts";

export const CATEGORIES = SafetyCategory.options;
export type Category = SafetyCategory;

/** One thing the detector found: where it is in the original text, and why, for logs and tests. */
export type Finding = { category: Category; start: number; end: number; reason: string };

/**
 * Lookarounds for word edges on folded (lower-case) text: `\b` knows only ASCII letters, and the detector
 * reads Russian too. A plain class costs less per position than \p{L}, and these run at every offset.
 */
const WORD_CHAR = "a-z0-9_а-џ";
export const B = `(?<![${WORD_CHAR}])`;
export const E = `(?![${WORD_CHAR}])`;
