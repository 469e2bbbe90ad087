import { describe, expect, it } from "vitest";
import { type Category, detect } from "./index";

const C: Category = "off_platform_contact";
const P: Category = "off_platform_payment";
const S: Category = "suspicious_link";

/** Phrasings written apart from the development set: other words, other obfuscations, other traps. */
const CASES: [string, Category[]][] = [
  ["write me in t e l e g r a m: @vasya_skins", [C]],
  ["добавь меня в телеграмм, ник skinsbro", [C]],
  ["дискорд есть?", [C]],
  ["what's your discord? easier to send screens", [C]],
  ["whatsapp: +44 7700 900456", [C]],
  ["мой тел 8-999-555-01-23", [C]],
  ["пиши на wh@tsapp", [C]],
  ["add me on disc0rd pls", [C]],
  ["my insta is @skins.daily", [C]],
  ["tg: skinsbro", [C]],
  ["t.me/+AbCdEf123 join the channel", [C]],
  ["reach me at skinsbro [at] proton [dot] me", [C]],
  ["ping me on telegram if you want more", [C]],
  ["перейдем в вайбер?", [C]],
  ["го в дискорд, там голосом обсудим", [C]],
  ["напиши мне в вк", [C]],
  ["call +1 415 555 0199", [C]],
  ["skype me: live:.cid.123abc", [C]],
  ["телега @robux_shop", [C]],
  ["тееелеграм: @goldseller", [C]],
  ["discord.com/invite/abcdef", [C]],
  ["pay with card 4111-1111-1111-1111", [P]],
  ["переводи на тинькофф по номеру телефона", [P]],
  ["отправь на карту сбера, потом подтвердим", [P]],
  ["I only accept crypto, usdt preferably", [P]],
  ["paypal ff please, g&s fees are too high", [P]],
  ["send via paypal friends & family", [P]],
  ["можем без гаранта, так дешевле", [P]],
  ["lets do it off site, i'll give a discount", [P]],
  ["zelle me the money and ill transfer the skins", [P]],
  ["LTC: LbTjMGN7gELw4KbeyQf6cTCq859hD18guE", [P]],
  ["скинь деньги напрямую мне, без сайта", [P]],
  ["steamcommunnity.com/tradeoffer/new/?partner=1", [S]],
  ["rbx-free.site/robux for free robux", [S]],
  ["https://discord-nitro.gift/claim", [S]],
  ["go to gametrade.support/case/12 to confirm", [S]],
  ["ѕteampowered.com/login", [S]],
  ["epic-games.store/free", [S]],
  ["paypaI.com/checkout/123 pay here", [S, P]],
  ["shorturl.at/abcde full list", [S]],
  ["bit.ly/free-skins", [S]],
  ["Discord Nitro Basic, 2$", []],
  ["Telegram Premium 1 год — 2500р", []],
  ["never send money to a card, only pay via the site", []],
  ["I won't pay outside GameTrade, sorry", []],
  ["someone asked me to add them on discord, is that a scam?", []],
  ["seller keeps asking for my telegram, reporting", []],
  ["не пиши мне в телегу, я там не сижу", []],
  ["steam trade link: https://steamcommunity.com/tradeoffer/new/?partner=123456&token=abc", []],
  ["check steamdb.info/app/730 for the price history", []],
  ["order 12345678901 paid", []],
  ["trade offer 5829103311 sent", []],
  ["I'm at 1900 2000 2100 mmr", []],
  ["цена 1 500 000 голды", []],
  ["steamid 76561198000000000", []],
  ["оплатил картой через сайт, жду", []],
  ["the discord server for the game is down again", []],
  ["my line is busy, one sec", []],
  ["item #1234 and #5678 in one deal", []],
  ["gametrade.com/support says 24h", []],
  ["store.steampowered.com/app/1172470", []],
  ["roblox.com/catalog/1365767/Valkyrie-Helm", []],
  ["https://www.roblox.com/users/12345/profile here's my profile", []],
  ["I have 2 accounts on discord nitro", []],
  ["нитро дискорд на год, выдача сразу", []],
  ["карта на сайте не проходит, пробую еще раз", []],
  ["pay 20$ through the site please", []],
  ["send me the trade offer", []],
  ["не переводите деньги напрямую, это развод", []],
  ["телеграм премиум 3 месяца", []],
  ["transaction 4539 1488 0343 6468 failed", []],
];

describe("detect", () => {
  it.each(CASES)("%s → %j", (text, expected) => {
    expect(detect(text).categories).toEqual([...expected].sort(byCategoryOrder));
  });

  it("reports spans of the original text, so a mask covers what the user wrote", () => {
    const text = "карта 4111 1111 1111 1111, пиши в тг";
    const spans = detect(text).findings.map((finding) => text.slice(finding.start, finding.end));
    expect(spans).toContain("4111 1111 1111 1111");
    expect(spans.some((span) => span.includes("тг"))).toBe(true);
  });

  it("reads a 20 000-character message in well under a second (no regex blow-up)", () => {
    const hostile = `${"a.".repeat(5000)}${"1 ".repeat(3000)}${"t e l e ".repeat(500)}`;
    const startedMs = performance.now();
    detect(hostile);
    expect(performance.now() - startedMs).toBeLessThan(1000);
  });
});

const ORDER: Category[] = [C, P, S];
function byCategoryOrder(a: Category, b: Category) {
  return ORDER.indexOf(a) - ORDER.indexOf(b);
}
