export { type Detection, detect } from "./detect";
export { CATEGORIES, type Category, type Finding } from "./finding";
export { DEFAULT_POLICY, decide, MASK, maskSpans, type Verdict } from "./policy";
export {
  compileRules,
  normalizeDomain,
  type RuleInput,
  type RuleMatch,
  type RuleSet,
  ruleProblem,
} from "./rules";
