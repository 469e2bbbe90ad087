import type { Category, Finding } from "./finding";
import { type Folded, originalSpan } from "./fold";
import { readIntent } from "./intent";
import {
  AT_HANDLE,
  CONTACT_INTENTS,
  DISCORD_TAG,
  EMAIL,
  HANDLE_AFTER,
  HANDLE_CONTEXT,
  ITEM_AFTER,
  looksLikeHandle,
  ON_PLATFORM,
  PAYMENT_INTENTS,
  SPELLED_EMAIL,
} from "./lexicon";

/** Contacts and payment found from words, on the folded text, reported as spans of the original. */
export function findByWords(source: string, folded: Folded): Finding[] {
  const text = folded.text;
  const intent = readIntent(text);
  const found: Finding[] = [];
  const push = (category: Category, start: number, end: number, reason: string) => {
    const [from, to] = originalSpan(folded, start, end, source);
    found.push({ category, start: from, end: to, reason });
  };

  for (const { reason, pattern } of CONTACT_INTENTS) {
    for (const match of text.matchAll(pattern)) {
      const end = match.index + match[0].length;
      if (ITEM_AFTER.test(text.slice(end))) continue;
      if (intent.standsDown(match.index, end)) continue;
      push("off_platform_contact", match.index, end, reason);
    }
  }
  for (const match of text.matchAll(HANDLE_AFTER)) {
    const handle = (match[4] as string).replace(/[.:-]+$/, "");
    const separated = match[1] !== undefined && /[:=–—-]/.test(match[3] as string);
    if (!looksLikeHandle(handle, separated)) continue;
    push("off_platform_contact", match.index, match.index + match[0].length, "messenger handle");
  }
  for (const match of text.matchAll(AT_HANDLE)) {
    if (!HANDLE_CONTEXT.test(text) || intent.standsDown(match.index, match.index + match[0].length)) continue;
    push("off_platform_contact", match.index, match.index + match[0].length, "@handle");
  }
  for (const match of text.matchAll(DISCORD_TAG)) {
    push("off_platform_contact", match.index, match.index + match[0].length, "discord tag");
  }
  for (const match of text.matchAll(SPELLED_EMAIL)) {
    push("off_platform_contact", match.index, match.index + match[0].length, "e-mail spelled out");
  }
  for (const { reason, pattern, onPlatformMatters } of PAYMENT_INTENTS) {
    for (const match of text.matchAll(pattern)) {
      const end = match.index + match[0].length;
      if (intent.standsDown(match.index, end)) continue;
      if (onPlatformMatters && ON_PLATFORM.test(intent.clause(match.index, end).whole)) continue;
      push("off_platform_payment", match.index, end, reason);
    }
  }
  return found;
}

/** E-mail addresses as written; read on the original so dots and pluses survive. */
export function findEmails(source: string): Finding[] {
  return (
    [...source.matchAll(EMAIL)]
      // "https://name@host" is a link's user name, not an address.
      .filter((match) => !/:\/\/\S*$/.test(source.slice(Math.max(0, match.index - 200), match.index)))
      .map((match) => ({
        category: "off_platform_contact" as const,
        start: match.index,
        end: match.index + match[0].length,
        reason: "e-mail address",
      }))
  );
}
