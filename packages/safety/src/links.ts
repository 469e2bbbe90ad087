import { domainToUnicode } from "node:url";
import {
  BRANDS,
  CONTACT_DOMAINS,
  CONTACT_PATHS,
  OFFICIAL,
  PAYMENT_DOMAINS,
  SHORTENERS,
  TLDS,
  underAny,
} from "./domains";
import type { Category, Finding } from "./finding";
import { latinSkeleton } from "./fold";

export type Link = { start: number; end: number; domain: string; path: string };

const DOMAIN =
  /(?<![\p{L}\p{N}_@.-])(?:https?:\/\/)?((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?\.){1,6}(?:xn--[a-z0-9-]{1,30}|\p{L}{2,24}))(?![\p{L}\p{N}-]|@)(?::\d{1,5})?(\/[^\s]*)?/gu;
/** "t . me / x", "discord dot gg/x": a link spelled with spaces or words around the dot. */
const SPACED =
  /(?<![\p{L}\p{N}])([a-z0-9-]{1,20})\s*(?:\s\.\s?|\.\s|\(\.\)|\[\.\]|\(dot\)|\[dot\]|\sdot\s|\sточка\s)\s*([a-z]{2,4})\s*\/\s*([\p{L}\p{N}_+-]{2,})/gu;

/** Every link in the text, read with look-alike letters in Latin form; the domain keeps what was written. */
export function findLinks(text: string): Link[] {
  const skeleton = latinSkeleton(text);
  const links: Link[] = [];
  for (const match of skeleton.matchAll(DOMAIN)) {
    const host = match[1] as string;
    const tld = host.slice(host.lastIndexOf(".") + 1);
    if (!TLDS.has(tld) && !tld.startsWith("xn--")) continue;
    const hostStart = match.index + match[0].indexOf(host);
    links.push({
      start: match.index,
      end: match.index + match[0].length,
      domain: text.slice(hostStart, hostStart + host.length).toLowerCase(),
      path: match[2] ?? "",
    });
  }
  for (const match of skeleton.matchAll(SPACED)) {
    if (links.some((link) => link.start <= match.index && match.index < link.end)) continue;
    links.push({
      start: match.index,
      end: match.index + match[0].length,
      domain: `${match[1]}.${match[2]}`,
      path: `/${match[3]}`,
    });
  }
  return links;
}

/** The form brand look-alikes share: digits for letters, i/l/1 alike, "rn" for m, "cl" for d, no repeats. */
export function brandSkeleton(text: string): string {
  return text
    .replace(
      /[0134578$@|!]/g,
      (ch) => ({ 0: "o", 1: "l", 3: "e", 4: "a", 5: "s", 7: "t", 8: "b", $: "s", "@": "a" })[ch] ?? "l",
    )
    .replace(/i/g, "l")
    .replace(/rn/g, "m")
    .replace(/cl/g, "d")
    .replace(/vv/g, "w")
    .replace(/(.)\1+/g, "$1");
}

const BRAND_SKELETONS = BRANDS.map((brand) => ({ brand, skeleton: brandSkeleton(brand) }));

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a[i + 1] === b[j] && a[i] === b[j + 1]) {
      i += 2;
      j += 2;
    } else if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** The brand a label imitates: it contains the brand's skeleton, or is one typo away from a long brand. */
function imitatedBrand(label: string): string | undefined {
  const parts = [label, ...label.split("-")].map(brandSkeleton);
  for (const { brand, skeleton } of BRAND_SKELETONS) {
    if (parts.some((part) => part.includes(skeleton))) return brand;
    if (skeleton.length < 6) continue;
    for (const part of parts) {
      for (let size = skeleton.length - 1; size <= skeleton.length + 1; size += 1) {
        for (let at = 0; at + size <= part.length; at += 1) {
          if (withinOneEdit(part.slice(at, at + size), skeleton)) return brand;
        }
      }
    }
  }
  return undefined;
}

const mixedScripts = (label: string) =>
  /[a-z]/.test(label) && /\P{ASCII}/u.test(label) && !/^[\P{ASCII}.-]+$/u.test(label);

/** What a link is: a way off the platform, a payment page, a look-alike of a trusted brand, a shortener. */
export function classifyLink(link: Link): { category: Category; reason: string }[] {
  const unicode = link.domain.includes("xn--") ? domainToUnicode(link.domain) || link.domain : link.domain;
  const latin = latinSkeleton(unicode);
  const labels = unicode.split(".");
  const homograph = labels.some(mixedScripts) || (/\P{ASCII}/u.test(unicode) && /[a-z]/.test(unicode));
  const official = !homograph && underAny(latin, OFFICIAL);
  const found: { category: Category; reason: string }[] = [];
  const canonical = brandSkeleton(latin);
  const contactHost = CONTACT_DOMAINS.find(
    (host) => latin === host || latin.endsWith(`.${host}`) || brandSkeleton(host) === canonical,
  );
  const contactPath = Object.entries(CONTACT_PATHS).find(
    ([host, path]) => underAny(latin, [host]) && path.test(link.path),
  );
  if (contactHost || contactPath) found.push({ category: "off_platform_contact", reason: "messenger link" });
  if (underAny(latin, PAYMENT_DOMAINS) && link.path.length > 1) {
    found.push({ category: "off_platform_payment", reason: "personal payment page" });
  }
  if (underAny(latin, SHORTENERS)) found.push({ category: "suspicious_link", reason: "link shortener" });
  if (official) return found;
  const brand = labels.slice(0, -1).map(latinSkeleton).map(imitatedBrand).find(Boolean);
  if (brand && !(contactHost && !homograph && latin === contactHost)) {
    found.push({ category: "suspicious_link", reason: `imitates ${brand}` });
  } else if (link.domain.includes("xn--") && homograph) {
    found.push({ category: "suspicious_link", reason: "punycode look-alike" });
  }
  return found;
}

/** "http://185.12.4.6/login": a bare address hides who runs it. */
const IP_LINK = /(?:https?:\/\/)(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:\/\S*)?/g;
/** "https://steamcommunity.com@evil.example/": the part before @ is only a user name; the host follows it. */
const USERINFO_LINK = /https?:\/\/[^\s/@]{1,200}@[\p{L}\p{N}.-]+\.\p{L}{2,24}(?:\/\S*)?/gu;

export function findLinkFindings(text: string): { links: Link[]; findings: Finding[] } {
  const links = findLinks(text);
  const findings: Finding[] = links.flatMap((link) =>
    classifyLink(link).map(({ category, reason }) => ({
      category,
      reason,
      start: link.start,
      end: link.end,
    })),
  );
  for (const [pattern, reason] of [
    [IP_LINK, "link to a bare IP address"],
    [USERINFO_LINK, "link that hides its host behind a user name"],
  ] as const) {
    for (const match of text.matchAll(pattern)) {
      const end = match.index + match[0].length;
      findings.push({ category: "suspicious_link", start: match.index, end, reason });
    }
  }
  return { links, findings };
}
