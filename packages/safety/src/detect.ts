import { findWallets } from "./crypto";
import { CATEGORIES, type Category, type Finding } from "./finding";
import { fold } from "./fold";
import { PAYMENT_CONTEXT } from "./lexicon";
import { findLinkFindings } from "./links";
import { findCards, findPhones, findSpelledPhones } from "./numbers";
import { findByWords, findEmails } from "./words";

export type Detection = { categories: Category[]; findings: Finding[] };

/**
 * The marketplace safety detector: text in, categories and the spans behind them out. Pure and synchronous,
 * so the api, the tests and the benchmark run the same thing. Numbers, addresses and links are read on the
 * text as written; phrases on its folded form (case, look-alike letters, leetspeak, spacing, repeats).
 */
export function detect(text: string): Detection {
  const folded = fold(text);
  const { links, findings: linkFindings } = findLinkFindings(text);
  const insideLink = (finding: Finding) =>
    links.some((link) => link.start <= finding.start && finding.end <= link.end);
  const numbers = [...findCards(text), ...findPhones(text), ...findWallets(text)].filter(
    (finding) => !insideLink(finding),
  );
  const findings = [
    ...linkFindings,
    ...numbers,
    ...findSpelledPhones(text),
    ...findEmails(text),
    ...findByWords(text, folded),
  ];
  const paymentContext = PAYMENT_CONTEXT.test(text);
  // A look-alike or hidden link offered for payment ("pay here: tinyurl…") takes the money around the platform.
  for (const finding of linkFindings) {
    if (finding.category !== "suspicious_link") continue;
    if (paymentContext) {
      findings.push({
        ...finding,
        category: "off_platform_payment",
        reason: "payment through a suspicious link",
      });
    }
  }
  const categories = CATEGORIES.filter((category) => findings.some((f) => f.category === category));
  return { categories, findings: findings.sort((a, b) => a.start - b.start) };
}
