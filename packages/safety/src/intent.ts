import { B, E } from "./finding";
import { foldedPattern } from "./lexicon";

/**
 * Whether a phrase is meant, or is warned against, refused or reported. A keyword detector flags "don't go
 * to telegram, it's a scam"; these cues let a soft match (words, not a number or a link) stand down.
 */
const NEGATION = foldedPattern(
  `${B}(?:not|never|no ?one|nobody|nothing|non|cannot|can ?not|(?:do|does|did|is|are|was|were|wo|ca|could|should|would|have|has|had|ai|need)n['’]?t|dont|wont|cant|не|ни|нет|никогда|нельзя|никому|нигде|ничего|незачем)${E}`,
  "iu",
);
const WARNING = foldedPattern(
  `${B}(?:scam\\w*|scammer\\w*|phish\\w*|fraud\\w*|fake|beware|careful|warning|report\\w*|suspicious|asked me|asks me|asking me|told me|tells me|wants me|wanted me|tried to|trying to|someone|somebody|he said|she said|they said|скам\\w*|мошен\\w*|развод\\w*|кида(?:л\\w*|ют|ли)|кинул\\w*|фишинг\\w*|жалоб\\w*|пожалу\\w*|осторожн\\w*|предлага\\w*|предложил\\w*|просил\\w*|просит|попросил\\w*|кто-то|ктото|якобы|говорит|сказал\\w*|пишут)${E}`,
  "iu",
);

export type Intent = {
  /** The clause around [start, end): up to the nearest sentence or comma boundary on each side. */
  clause(start: number, end: number): { before: string; after: string; whole: string };
  /** A soft match stands down when its clause negates it or the message warns, refuses or reports. */
  standsDown(start: number, end: number): boolean;
};

const WINDOW = 80;

/** Reads a text's clause boundaries and warnings once, so judging many matches stays linear. */
export function readIntent(text: string): Intent {
  const boundaries = [...text.matchAll(/[!?;\n]|[.,:](?=\s)|\s[-–—]\s|\s\(|\)/g)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const warned = WARNING.test(text);
  const clause = (start: number, end: number) => {
    let from = 0;
    let to = text.length;
    let low = 0;
    let high = boundaries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((boundaries[mid] as { end: number }).end <= start) low = mid + 1;
      else high = mid;
    }
    if (low > 0) from = (boundaries[low - 1] as { end: number }).end;
    for (let i = low; i < boundaries.length; i += 1) {
      const boundary = boundaries[i] as { start: number };
      if (boundary.start >= end) {
        to = boundary.start;
        break;
      }
    }
    // A clause is read at most WINDOW characters either side, so a long text without commas stays linear.
    from = Math.max(from, start - WINDOW);
    to = Math.min(to, end + WINDOW);
    return { before: text.slice(from, start), after: text.slice(end, to), whole: text.slice(from, to) };
  };
  return {
    clause,
    standsDown(start, end) {
      if (warned) return true;
      const { before, after } = clause(start, end);
      return NEGATION.test(before) || NEGATION.test(after.trim().split(/\s+/).slice(0, 2).join(" "));
    },
  };
}
