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
  ["мой телеграм — ivan_skins", [C]],
  ["contact me via whatsapp +44 7700 900123", [C]],
  ["звони 8 800 555 35 35", [C]],
  ["inst: @skins_shop", [C]],
  ["найди меня в телеге по нику skinsguy", [C]],
  ["t[.]me/ivan_skins", [C]],
  ["Д И С К О Р Д: ghost_trades", [C]],
  ["d_i_s_c_o_r_d me", [C]],
  ["viber/whatsapp: +380 50 123 4567", [C]],
  ["напиши мне в личку в телеграме", [C]],
  ["my tg is skinsguy_99", [C]],
  ["text me at 415.555.0199", [C]],
  ["hmu on snap: skins.guy", [C]],
  ["кидай в вотсап скрины", [C]],
  ["оплата только на карту сбера", [P]],
  ["скинь на тинькофф, номер дам", [P]],
  ["can you send it to my paypal?", [P]],
  ["pay via crypto pls", [P]],
  ["btc only", [P]],
  ["IBAN DE89 3704 0044 0532 0130 00, transfer there", [P]],
  ["номер карты скину в лс", [P]],
  ["qiwi: +79161234567", [C, P]],
  ["давай без посредника, так быстрее", [P]],
  ["send $ to cashapp $ivanskins", [P]],
  ["4111.1111.1111.1111 is my card", [P]],
  ["steamcommunity.co/tradeoffer/new/?partner=1", [S]],
  ["steam-community.com/id/x", [S]],
  ["gametrade.com.ru/deal/1", [S]],
  ["dicsord.gift/nitro", [S]],
  ["paypa1.com/pay", [S, P]],
  ["rblx-trade.com/limiteds", [S]],
  ["bit.do/skins", [S]],
  ["I withdrew my earnings to my card, took 2 days", []],
  ["вывел деньги на карту с баланса, всё ок", []],
  ["can I pay with card here?", []],
  ["send 20$ to my steam wallet pls, then I'll trade", []],
  ["price 1 200 000 000 gold", []],
  ["Telegram Premium на 3 месяца, нужен только ваш @username", []],
  ["admins never ask for your card number", []],
  ["seller wants me to pay via qiwi, is this allowed?", []],
  ["is it safe to trade on steamcommunity.com directly?", []],
  ["https://steamcommunity.com/market/listings/730/AK-47%20%7C%20Redline", []],
  ["https://www.youtube.com/watch?v=dQw4w9WgXcQ skin showcase", []],
  ["check csfloat.com/item/123 for the float", []],
  ["inspect link in game, float 0.01", []],
  ["trade offer 5829103311 sent, accept pls", []],
  ["UID 8123456789 genshin", []],
  ["the bot sends items in 5 min", []],
  ["сделка через гаранта сайта, всё безопасно", []],
  ["do not pay outside GameTrade, they will scam you", []],
  ["не добавляйтесь в дискорд к продавцам", []],
  ["I got a message on discord from a fake admin, reporting", []],
  ["Discord Nitro Boost 3 months, 12$", []],
  ["робуксы через геймпасс, 1000 R$ = 700р", []],
  ["wts AK Redline FT, 14$ or trade", []],
  ["buff price 123.45 ¥", []],
  ["скрин с сайта: prnt.sc/abc123", []],
  ["аккаунт без почты и телефона", []],
  ["pay with site balance only", []],
  ["I'll send the code to your email after payment on the site", []],
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
