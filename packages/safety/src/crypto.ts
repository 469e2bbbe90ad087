import { createHash } from "node:crypto";
import type { Finding } from "./finding";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest();

function base58Decode(text: string): Uint8Array | null {
  let value = 0n;
  for (const ch of text) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) return null;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  for (const ch of text) {
    if (ch !== "1") break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

/** Base58Check as Bitcoin, Litecoin, Dogecoin and Tron addresses carry it: the version byte, then a checksum. */
function base58CheckVersion(text: string): number | null {
  const bytes = base58Decode(text);
  if (bytes?.length !== 25) return null;
  const checksum = sha256(sha256(bytes.subarray(0, 21))).subarray(0, 4);
  return checksum.every((byte, i) => byte === bytes[21 + i]) ? (bytes[0] ?? null) : null;
}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

function bech32Valid(text: string): boolean {
  const lower = text.toLowerCase();
  const split = lower.lastIndexOf("1");
  const hrp = lower.slice(0, split);
  const data = [...lower.slice(split + 1)].map((ch) => BECH32.indexOf(ch));
  if (data.some((value) => value < 0) || data.length < 7) return false;
  const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let check = 1;
  const values = [
    ...[...hrp].map((ch) => ch.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((ch) => ch.charCodeAt(0) & 31),
    ...data,
  ];
  for (const value of values) {
    const top = check >>> 25;
    check = ((check & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i += 1) if ((top >>> i) & 1) check ^= generator[i] as number;
  }
  // 1 is bech32 (segwit v0), 0x2bc830a3 is bech32m (taproot).
  return check === 1 || check === 0x2bc830a3;
}

/** Version bytes of Base58Check addresses: BTC P2PKH/P2SH, LTC, DOGE, Tron. */
const VERSIONS = new Set([0x00, 0x05, 0x30, 0x32, 0x1e, 0x16, 0x41]);
const WALLET_WORDS = /(?:wallet|address|addr|sol|solana|usdt|usdc|ton|crypto|кошел|адрес|крипт)/iu;

const CANDIDATES = [
  {
    pattern: /(?<![\p{L}\p{N}])[13LMDT9A][1-9A-HJ-NP-Za-km-z]{25,34}(?![\p{L}\p{N}])/gu,
    valid: (t: string) => VERSIONS.has(base58CheckVersion(t) ?? -1),
  },
  {
    pattern: /(?<![\p{L}\p{N}])(?:bc|ltc|tb)1[02-9ac-hj-np-z]{11,87}(?![\p{L}\p{N}])/giu,
    valid: bech32Valid,
  },
  // EIP-55 needs keccak-256, which node:crypto lacks; 0x and exactly 40 hex digits never occur in trade talk.
  { pattern: /(?<![\p{L}\p{N}])0x[0-9a-fA-F]{40}(?![\p{L}\p{N}])/gu, valid: () => true },
  { pattern: /(?<![\p{L}\p{N}])[48][1-9A-HJ-NP-Za-km-z]{94}(?![\p{L}\p{N}])/gu, valid: () => true },
  { pattern: /(?<![\p{L}\p{N}])(?:EQ|UQ)[A-Za-z0-9_-]{46}(?![\p{L}\p{N}_-])/gu, valid: () => true },
];
const LOOSE_BASE58 = /(?<![\p{L}\p{N}])[1-9A-HJ-NP-Za-km-z]{32,44}(?![\p{L}\p{N}])/gu;

/** Crypto wallet addresses whose checksum holds; checksum-less formats (Solana) only beside a wallet word. */
export function findWallets(text: string): Finding[] {
  const found: Finding[] = [];
  const push = (start: number, end: number) => {
    if (found.some((f) => f.start < end && start < f.end)) return;
    found.push({ category: "off_platform_payment", start, end, reason: "crypto address" });
  };
  for (const { pattern, valid } of CANDIDATES) {
    for (const match of text.matchAll(pattern))
      if (valid(match[0])) push(match.index, match.index + match[0].length);
  }
  if (WALLET_WORDS.test(text)) {
    for (const match of text.matchAll(LOOSE_BASE58)) {
      if (/\d/.test(match[0]) && /[A-Z]/.test(match[0]) && /[a-z]/.test(match[0])) {
        push(match.index, match.index + match[0].length);
      }
    }
  }
  return found;
}
