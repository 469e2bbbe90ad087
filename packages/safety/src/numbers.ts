import type { Finding } from "./finding";

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const digitsOf = (text: string) => text.replace(/\D/g, "");
/** SteamID64s are 17 digits from 7656119…; players paste them to prove who they are. */
const isSteamId = (digits: string) => digits.length === 17 && digits.startsWith("7656119");
/** Words that make the number after them an id (order, trade, transaction), not a phone or a card. */
const ID_BEFORE =
  /(?:#|№|\bid|\buid|order|offer|trade|transaction|tx|txid|invoice|инвойс\S*|partner|token|ticket|заказ\S*|транзакци\S*|сделк\S*|обмен\S*|трейд\S*|номер заказа|номер транзакции|номер трейда)\s*[:#№]?\s*$/iu;

const CARD = /(?<![\p{N}\p{L}+.])[2-6]\d{3}(?:[ .-]?\d){8,15}(?![\p{N}\p{L}]|\.\d)/gu;

/** Card numbers: 13 to 19 digits, spaced or dashed or not, that pass the Luhn check and start like a card. */
export function findCards(text: string): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(CARD)) {
    const digits = digitsOf(match[0]);
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits) || isSteamId(digits)) continue;
    if (ID_BEFORE.test(text.slice(Math.max(0, match.index - 24), match.index))) continue;
    found.push({
      category: "off_platform_payment",
      start: match.index,
      end: match.index + match[0].length,
      reason: "card number",
    });
  }
  return found;
}

const PHONE = /(?<![\p{N}\p{L}/=_.#№-])\+?\(?\d[\d ()-]{7,20}\d(?![\p{N}\p{L}])/gu;
/** "1 200 000 000" (thousands) or "2000 3000 4000" (a list of round numbers) are amounts, not phones. */
function looksLikeAmounts(groups: string[]): boolean {
  if (groups.length < 3) return false;
  const [first, ...rest] = groups as [string, ...string[]];
  const thousands = first.length <= 3 && rest.every((group) => group.length === 3);
  const roundList =
    groups.every((group) => group.length >= 3) && groups.filter((g) => g.endsWith("00")).length >= 2;
  return thousands || roundList;
}

const PHONE_WORDS =
  /(?:call|text|phone|number|tel|mobile|cell|sms|whats|viber|signal|zelle|sbp|номер|тел|звон|смс|сбп|киви|qiwi|вайбер|ватсап|вотсап|телефон|мобил)/iu;

/** North American numbers written with dots ("415.555.0199"); other dotted digits are dates and prices. */
const DOTTED_PHONE = /(?<![\d.])\d{3}\.\d{3}\.\d{4}(?![\d.])/g;

/**
 * Phone numbers: a leading + with 10 to 15 digits, or 10 to 12 digits that are written like a phone or
 * sit next to a word about phones. Lists of amounts ("2000 3000 4000"), ids and cards are not phones.
 */
export function findPhones(text: string): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(PHONE)) {
    const raw = match[0];
    const digits = digitsOf(raw);
    const plus = raw.startsWith("+");
    if (digits.length < 10 || digits.length > (plus ? 15 : 12) || isSteamId(digits)) continue;
    if (digits.length >= 13 && luhnValid(digits)) continue;
    if (ID_BEFORE.test(text.slice(Math.max(0, match.index - 24), match.index))) continue;
    const groups = raw.split(/[ ()-]+/).filter(Boolean);
    if (looksLikeAmounts(groups)) continue;
    const phoneShaped =
      plus ||
      /^[78]/.test(digits) ||
      raw.includes("(") ||
      /^\d{3}[ -]\d{3}[ -]\d{4}$/.test(raw) ||
      groups.length >= 3;
    const nearWords = PHONE_WORDS.test(
      text.slice(Math.max(0, match.index - 40), match.index + raw.length + 30),
    );
    if (!phoneShaped && !nearWords) continue;
    found.push({
      category: "off_platform_contact",
      start: match.index,
      end: match.index + raw.length,
      reason: "phone number",
    });
  }
  for (const match of text.matchAll(DOTTED_PHONE)) {
    const end = match.index + match[0].length;
    found.push({ category: "off_platform_contact", start: match.index, end, reason: "phone number" });
  }
  return found;
}

const DIGIT_WORDS: Record<string, string> = {
  ноль: "0",
  нуль: "0",
  один: "1",
  одна: "1",
  два: "2",
  две: "2",
  три: "3",
  четыре: "4",
  пять: "5",
  шесть: "6",
  семь: "7",
  восемь: "8",
  девять: "9",
  zero: "0",
  oh: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};

/** "восемь девять один шесть…": seven or more digits spelled as words (or mixed with digits) make a phone. */
export function findSpelledPhones(text: string): Finding[] {
  const found: Finding[] = [];
  const words = /[\p{L}\d]+/gu;
  let run: { start: number; end: number; count: number } | null = null;
  const close = () => {
    if (run && run.count >= 7) {
      found.push({
        category: "off_platform_contact",
        start: run.start,
        end: run.end,
        reason: "phone in words",
      });
    }
    run = null;
  };
  let lastEnd = 0;
  for (const match of text.matchAll(words)) {
    const word = match[0].toLowerCase();
    const value = DIGIT_WORDS[word] ?? (/^\d{1,4}$/.test(word) ? word : undefined);
    const gap = text.slice(lastEnd, match.index);
    if (value === undefined || (run && !/^[\s,.-]*$/.test(gap))) close();
    if (value !== undefined) {
      run ??= { start: match.index, end: match.index, count: 0 };
      run.end = match.index + word.length;
      run.count += value.length;
    }
    lastEnd = match.index + match[0].length;
  }
  close();
  return found.filter((finding) => /\p{L}/u.test(text.slice(finding.start, finding.end)));
}
