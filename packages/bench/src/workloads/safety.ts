import { detect } from "@chat/safety";

/** Lines as traders write them: plain talk, the detector's traps, and the things it exists to find. */
const TYPICAL = [
  "is the Dragon Lore still available?",
  "ok deal, 45$ for the karambit",
  "продаю Discord Nitro на месяц, 350р",
  "here's my trade link https://steamcommunity.com/tradeoffer/new/?partner=112233445&token=xY7AbQz1",
  "стим id 76561198896504193, можешь проверить уровень",
  "order #4839201 still says pending on my side",
  "float 0.0712345, pattern 661, no stickers",
  "через сайт спокойнее, гарант есть",
  "го в тг, там быстрее договоримся @skins_msk",
  "card 4111 1111 1111 1111, just transfer the 40 bucks there",
  "usdt trc20 TC5tHxNoBb7HYbf4duCNp5wxRMJhafM6Dh - 55 usdt exact pls",
  "log in with steam at stearncommunity.com/login so the trade goes through",
  "ссылка на оплату pаypal.com/invoice/8812",
  "send it as friends and family so paypal doesn't eat the fees",
  "никогда не переводите на карту, только через гаранта сайта",
  "t . me / dotaitems_shop  <- better prices there",
];

/** Inputs of MESSAGE_MAX_CHARS (4000) built to make a careless regex backtrack. */
const HOSTILE: [string, string][] = [
  ["4000 × 'a.'", "a.".repeat(2000)],
  ["4000 digits and spaces", "1 ".repeat(2000)],
  ["'на карту' × 440", "на карту ".repeat(440)],
  ["spelled-out letters", "t e l e ".repeat(500)],
  ["one 4000-letter word", "x".repeat(4000)],
  ["dotted labels", `${"aaaa.".repeat(799)}a`],
];

/** The cheapest scan one could write: lower case, then a substring test per keyword. */
const KEYWORDS = [
  "telegram",
  "discord",
  "whatsapp",
  "тг",
  "телеграм",
  "card",
  "карт",
  "paypal",
  "bit.ly",
  "t.me",
];
const baselineScan = (text: string) => {
  const lower = text.toLowerCase();
  return KEYWORDS.filter((word) => lower.includes(word));
};

export interface SafetyCostResult {
  /** Mean CPU microseconds per typical message (process CPU time, so other load on the box counts less). */
  detectorUsPerMessage: number;
  baselineUsPerMessage: number;
  /** Milliseconds for each hostile 4000-character input: a regex blow-up shows here. */
  hostileMs: { input: string; ms: number }[];
}

function usPerCall(run: (text: string) => unknown, lines: string[], rounds: number): number {
  for (let round = 0; round < Math.min(rounds, 100); round += 1) for (const line of lines) run(line);
  const started = process.cpuUsage();
  for (let round = 0; round < rounds; round += 1) for (const line of lines) run(line);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / (rounds * lines.length);
}

/** The detector's CPU cost per message beside a lowercase-and-includes scan, in this process. */
export function runSafetyCost(rounds: number): SafetyCostResult {
  return {
    detectorUsPerMessage: usPerCall(detect, TYPICAL, rounds),
    baselineUsPerMessage: usPerCall(baselineScan, TYPICAL, rounds),
    hostileMs: HOSTILE.map(([input, text]) => {
      const startedMs = performance.now();
      detect(text);
      return { input, ms: performance.now() - startedMs };
    }),
  };
}
