/**
 * Folds text into the form the detector matches against, keeping for every folded character the index of the
 * original one so a match can be reported (and masked) as a span of what the user wrote.
 */
export type Folded = { text: string; at: number[] };
type Cell = { ch: string; at: number };

/** Letters that look Latin in Cyrillic or Greek, and their Latin twins. */
const TO_LATIN: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  і: "i",
  ї: "i",
  ј: "j",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ɡ: "g",
  ı: "i",
  ɑ: "a",
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  μ: "u",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  γ: "y",
};
const TO_CYRILLIC: Record<string, string> = {
  a: "а",
  b: "в",
  e: "е",
  k: "к",
  m: "м",
  h: "н",
  o: "о",
  p: "р",
  c: "с",
  t: "т",
  y: "у",
  x: "х",
  "3": "з",
  "0": "о",
  "6": "б",
  "4": "ч",
};
/** Digits and symbols written for Latin letters ("d1sc0rd", "wh@tsapp", "$kype"). */
const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "i",
};

const LETTER = /\p{L}/u;
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const isLetter = (ch: string | undefined) => ch !== undefined && LETTER.test(ch);
const isCyrillic = (ch: string) => CYRILLIC.test(ch);
const isLatin = (ch: string) => ch >= "a" && ch <= "z";

function baseCells(text: string): Cell[] {
  const cells: Cell[] = [];
  let index = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    // Zero-width characters and soft hyphens hide a word from a plain scan ("tele\u200bgram").
    if (INVISIBLE.test(char)) {
      index += char.length;
      continue;
    }
    if (code < 128) {
      cells.push({ ch: code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : char, at: index });
      index += 1;
      continue;
    }
    const lower = char.toLowerCase();
    // й is a letter of its own in Russian, not и with a mark; ё reads as е, as Russians often write it.
    const keep = CYRILLIC.test(lower) && lower !== "ё";
    // NFKD also turns fullwidth and styled letters ("ｔｅｌｅｇｒａｍ", "𝐭𝐠") into plain ones.
    const base = keep ? lower : lower.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase() || char;
    for (const ch of base) cells.push({ ch, at: index });
    index += char.length;
  }
  return cells;
}

/** A token of mixed scripts ("pаypal", "тg") is read in the script most of its letters use. */
function unifyScripts(cells: Cell[], text: string): void {
  if (!/[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(text) || !/[a-z\p{Script=Greek}]/iu.test(text)) return;
  const tokens = /[\p{L}\p{N}@$!|]+/gu;
  const joined = cells.map((cell) => cell.ch).join("");
  for (const match of joined.matchAll(tokens)) {
    const token = match[0];
    const latin = [...token].filter(isLatin).length;
    const cyrillic = [...token].filter(isCyrillic).length;
    const greek = [...token].filter((ch) => /\p{Script=Greek}/u.test(ch)).length;
    if (latin + greek > 0 && cyrillic > 0) {
      const table = latin + greek >= cyrillic ? TO_LATIN : TO_CYRILLIC;
      rewrite(cells, match.index, token.length, (ch) => table[ch] ?? ch);
    } else if (greek > 0 && latin > 0) {
      rewrite(cells, match.index, token.length, (ch) => TO_LATIN[ch] ?? ch);
    }
  }
}

function rewrite(cells: Cell[], start: number, length: number, map: (ch: string) => string): void {
  for (let i = start; i < start + length; i += 1) {
    const cell = cells[i];
    if (cell) cell.ch = map(cell.ch);
  }
}

/** A digit or symbol between two letters stands for a letter ("d1sc0rd", "т3леграм"); "cs2" and "ak47" keep theirs. */
function unLeet(cells: Cell[]): void {
  if (!cells.some((cell) => LEET[cell.ch])) return;
  for (let i = 1; i < cells.length - 1; i += 1) {
    const cell = cells[i] as Cell;
    const replacement = LEET[cell.ch];
    if (!replacement) continue;
    const before = cells[i - 1]?.ch ?? "";
    let j = i + 1;
    while (LEET[cells[j]?.ch ?? ""] && j < i + 3) j += 1;
    const after = cells[j]?.ch ?? "";
    if (isLatin(before) && isLatin(after)) cell.ch = replacement;
    else if (isCyrillic(before) && isCyrillic(after)) cell.ch = TO_CYRILLIC[cell.ch] ?? cell.ch;
  }
}

/** "teeeelegram" and "telegramm" read as "telegram"; keywords are folded the same way. */
function collapseRepeats(cells: Cell[]): Cell[] {
  return cells.filter((cell, i) => i === 0 || !isLetter(cell.ch) || cells[i - 1]?.ch !== cell.ch);
}

/** "t e l e g r a m" and "d.i.s.c.o.r.d": four or more single letters in a row join into one word. */
function joinSpelledOut(cells: Cell[]): Cell[] {
  const text = cells.map((cell) => cell.ch).join("");
  const drop = new Set<number>();
  for (const match of text.matchAll(/(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*]\p{L}){3,}(?![\p{L}\p{N}])/gu)) {
    for (let i = match.index + 1; i < match.index + match[0].length; i += 2) drop.add(i);
  }
  return drop.size ? cells.filter((_, i) => !drop.has(i)) : cells;
}

export function fold(text: string): Folded {
  const cells = baseCells(text);
  unifyScripts(cells, text);
  unLeet(cells);
  const folded = joinSpelledOut(collapseRepeats(cells));
  return { text: folded.map((cell) => cell.ch).join(""), at: folded.map((cell) => cell.at) };
}

/** Every look-alike letter in its Latin form, for reading domains ("т.ме", "steamcommunitу.com"); same length. */
export function latinSkeleton(text: string): string {
  if (!/\P{ASCII}/u.test(text)) return text.toLowerCase();
  let out = "";
  for (const unit of text) {
    const lower = unit.toLowerCase();
    const one = lower.length === unit.length ? lower : unit;
    out += TO_LATIN[one] ?? one;
  }
  return out;
}

/** The span of the original text behind folded [start, end). */
export function originalSpan(folded: Folded, start: number, end: number, source: string): [number, number] {
  const from = folded.at[start] ?? source.length;
  const lastAt = folded.at[Math.max(start, end - 1)] ?? from;
  const lastChar = String.fromCodePoint(source.codePointAt(lastAt) ?? 0);
  return [from, lastAt + lastChar.length];
}
