import { SafetyCategory } from "@chat/shared/contracts";

export const CATEGORIES = SafetyCategory.options;
export type Category = SafetyCategory;

/** One thing the detector found: where it is in the original text, and why, for logs and tests. */
export type Finding = { category: Category; start: number; end: number; reason: string };

/** Lookarounds for word edges: `\b` knows only ASCII letters, and the detector reads Russian too. */
export const B = "(?<![\\p{L}\\p{N}_])";
export const E = "(?![\\p{L}\\p{N}_])";
