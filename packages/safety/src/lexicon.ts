import { B, E } from "./finding";

/**
 * Word lists in folded form (lower case, repeated letters collapsed, digits between letters read as letters).
 * `latin()` lets i and l stand for each other, since "1" between letters folds to i ("te1egram").
 */
export const latin = (word: string) => word.replace(/(\p{L})\1+/gu, "$1").replace(/[il]/g, "[il]");
/** A pattern over folded text, its doubled letters written single as the text has them ("acept", "of site"). */
export const foldedPattern = (source: string, flags: string) =>
  new RegExp(source.replace(/(\p{L})\1+/gu, "$1"), flags);
const alt = (words: string[]) => words.join("|");

/** Messengers: a mention is a contact only with an intent around it (see contact.ts). */
export const MESSENGER = alt([
  ...[
    "telegram",
    "tele gram",
    "telega",
    "teleg",
    "tg",
    "tgk",
    "discord",
    "dis cord",
    "discordap",
    "whatsap",
    "whats ap",
    "watsap",
    "whatsup",
    "viber",
    "vk",
    "vkontakte",
    "skype",
    "snapchat",
    "instagram",
    "insta",
    "facebok",
    "wechat",
    "icq",
    "threema",
    "imesage",
  ].map((w) => `${latin(w)}\\p{L}{0,2}`),
  "телеграм\\p{L}{0,3}",
  "теле грам\\p{L}{0,3}",
  "дис корд\\p{L}{0,3}",
  "телег[аеиуо]\\p{L}{0,2}",
  "тележк\\p{L}{0,2}",
  "тг",
  "тгк",
  "дискорд\\p{L}{0,3}",
  "дискорт\\p{L}{0,2}",
  "дс",
  "вотсап\\p{L}{0,2}",
  "ватсап\\p{L}{0,2}",
  "вацап\\p{L}{0,2}",
  "вотс",
  "ватс",
  "вайбер\\p{L}{0,2}",
  "вибер\\p{L}{0,2}",
  "вк",
  "вконтакт\\p{L}{0,2}",
  "скайп\\p{L}{0,2}",
  "инст\\p{L}{0,5}",
  "снапчат\\p{L}{0,2}",
  "снэпчат\\p{L}{0,2}",
  "фейсбук\\p{L}{0,2}",
  "вичат\\p{L}{0,2}",
  "аськ\\p{L}{0,2}",
]);
/** Words that name a messenger only sometimes ("my signal is bad", "сигнал пропал", "disc"). */
export const AMBIGUOUS = alt([
  ...[
    "signal",
    "disc",
    "line",
    "snap",
    "wa",
    "ig",
    "inst",
    "fb",
    "dc",
    "ds",
    "tele",
    "mesenger",
    "session",
  ].map(latin),
  "сигнал\\p{L}{0,2}",
  "фб",
]);
/** Item names that contain a messenger: "Discord Nitro", "Telegram Premium", "TG stars". */
export const ITEM_AFTER = foldedPattern(
  `^\\s*(?:${alt([
    "nitro",
    "premium",
    "prem",
    "stars?",
    "gift\\p{L}*",
    "boost\\p{L}*",
    "clasic",
    "basic",
    "acc\\p{L}*",
    "server boost",
    "emoji\\p{L}*",
    "sticker\\p{L}*",
    "sub\\p{L}*",
    "нитро",
    "премиум\\p{L}*",
    "прем\\p{L}*",
    "звезд\\p{L}*",
    "подар\\p{L}*",
    "буст\\p{L}*",
    "подписк\\p{L}*",
    "акк\\p{L}*",
    "стикер\\p{L}*",
    "бан\\p{L}*",
    "ban\\p{L}*",
  ])})${E}`,
  "u",
);

const PREPOSITION = "on|in|via|thru|through|over|to|into|onto|at|в|во|на|через|по|из";
const POSSESSIVE = "my|your|ur|his|her|the|мой|мою|моем|моём|мне|твой|твою|свой|свою|ваш|наш";
const ASKING =
  "give|drop|send|share|leave|what'?s|what is|got|have|u have|do you have|your|ur|yours|кинь|скинь|скидывай|дай|дайте|оставь|пришли|напиши|есть|какой|твой|свой|ваш";
const CONTACT_VERB =
  "add|text|msg|mesage|dm|hit me up|hmu|ping|cal|write|contact|reach|find|join|talk|chat|move|go|switch|let'?s|пиши|напиши|писать|пишите|стучи|стукни|звони|добав\\p{L}*|маякни|найди|залетай|заходи|переход\\p{L}*|перейд\\p{L}*|перейти|го|давай|созвон\\p{L}*|общ\\p{L}*";

/** Patterns whose group 1 is the messenger a sender points to. */
export const CONTACT_INTENTS: { reason: string; pattern: RegExp }[] = [
  {
    reason: "moves the talk to a messenger",
    pattern: foldedPattern(`${B}(?:${PREPOSITION})\\s+(?:(?:${POSSESSIVE})\\s+)?(${MESSENGER})${E}`, "giu"),
  },
  {
    reason: "asks for or gives a messenger handle",
    pattern: foldedPattern(
      `${B}(?:${ASKING})\\s+(?:(?:me|мне|u|you|у тебя|тебя|the|a|${POSSESSIVE})\\s+){0,2}(${MESSENGER})${E}`,
      "giu",
    ),
  },
  { reason: "messenger me", pattern: foldedPattern(`${B}(${MESSENGER})\\s+(?:me|мне)${E}`, "giu") },
  {
    reason: "invites to a messenger server or channel",
    pattern: foldedPattern(
      `${B}(?:join|come to|hop on|hop in|заходи|залетай|вступай|подпишись|подписывайся|subscribe to|follow)\\s+(?:(?:my|our|the|наш|мой|в|на|to)\\s+){0,2}(${MESSENGER})${E}`,
      "giu",
    ),
  },
  {
    reason: "asks for a messenger",
    pattern: foldedPattern(`${B}(${MESSENGER})\\s+(?:есть|имеется|got|have)\\s*\\?`, "giu"),
  },
  {
    reason: "invites to a messenger",
    pattern: foldedPattern(
      `${B}(?:${CONTACT_VERB})${E}[^.,!?\\n]{0,24}?${B}(?:${PREPOSITION})\\s+(?:(?:${POSSESSIVE})\\s+)?(${AMBIGUOUS})${E}`,
      "giu",
    ),
  },
];

/** A messenger followed by a handle: "tg @x", "дискорд: lexa_boost", "my discord is Kr4ken#4471". */
export const HANDLE_AFTER = foldedPattern(
  `${B}(?:(${MESSENGER}|mail|email|e-mail|почта|почту|мыло|gmail)|(${AMBIGUOUS}))(?=[\\s:=–—])\\s*((?:(?:[:=–—]|\\s-\\s|is|name|id|username|handle|acc)\\s*){0,2})(@?[\\p{L}\\p{N}_.#:+-]{3,40})`,
  "giu",
);
/** A handle after a plain separator (":", "=") may be a plain word; otherwise it must look like a handle. */
export const looksLikeHandle = (handle: string, separated: boolean) =>
  !/^\d+([.,]\d+)?\$?$/.test(handle) && (separated || /[@_#.\d]/.test(handle)) && /\p{L}/u.test(handle);

/** An @handle is a contact when the message names a messenger or asks to be written to. */
export const AT_HANDLE =
  /(?<![\p{L}\p{N}_.])@(?!username|юзернейм|ник\b|nick\b|handle\b)[\p{L}\p{N}_.]{4,32}/gu;
export const HANDLE_CONTEXT = foldedPattern(
  `${B}(?:${MESSENGER}|${CONTACT_VERB}|message|contact|me at|мой|my)${E}`,
  "iu",
);
export const DISCORD_TAG =
  /(?<![\p{L}\p{N}_#])(?!(?:order|заказ|id|no|trade|item)#)[\p{L}\p{N}_.]{2,32}#\d{4}(?!\d)/giu;

export const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})*\.\p{L}{2,24}/gu;
export const SPELLED_EMAIL = foldedPattern(
  `${B}([a-z0-9._-]{3,40})\\s*(?:\\(at\\)|\\[at\\]|\\{at\\}|\\sat\\s|\\sсобака\\s|@\\s|\\s@)\\s*([a-z0-9-]{2,20})\\s*(?:\\(dot\\)|\\[dot\\]|\\{dot\\}|\\sdot\\s|\\sточка\\s|\\s\\.\\s?|\\.\\s?)\\s*(?:com|ru|net|org|io|me|ua|by|kz|de|uk|co)${E}`,
  "giu",
);

const PAY_VERB =
  "pay\\p{L}*|paid|send\\p{L}*|transfer\\p{L}*|wire|deposit|оплат\\p{L}*|плат\\p{L}*|заплат\\p{L}*|перев[оеё]д\\p{L}*|перевест\\p{L}*|переки\\p{L}*|кида\\p{L}*|кинь|кинуть|скинь|скинуть|скида\\p{L}*|закин\\p{L}*|закида\\p{L}*|отправ\\p{L}*|перечисл\\p{L}*";
const RAIL =
  "qiwi|киви|юмани|yomoney|ю ?мани|webmoney|вебмани|venmo|веном|cashap|cash ap|zel+e|revolut|револ\\p{L}*|wise|skril+|payoner|western union|moneygram|advcash|payer|perfect money|alipay|сбп|sbp|paypal|пей ?пал\\p{L}*|пэйпал\\p{L}*";
/** A means of paying someone directly ("via qiwi", "криптой"); a card or a bank only counts as a destination. */
const MEANS = `крипт\\p{L}*|crypto|btc|бтц|биток|usdt|юсдт|eth|${RAIL}`;
/** Where money goes: a card, a bank, a number, a wallet (not a Steam wallet, which is a game balance). */
const DESTINATION = `карт\\p{L}*|card|карточк\\p{L}*|сбер\\p{L}*|тиньк\\p{L}*|тинек|альф\\p{L}*|втб|номер|счет|счёт|(?<!steam |стим |стима )(?:кошел\\p{L}*|wallet)|bank\\p{L}*|банк\\p{L}*|${MEANS}`;

/** Payment around the platform, by words; numbers (cards, wallets) are found apart. */
export const PAYMENT_INTENTS: { reason: string; pattern: RegExp; onPlatformMatters?: boolean }[] = [
  {
    reason: "pays to a card",
    pattern: foldedPattern(
      `${B}(?:на|to|onto)\\s+(?:(?:мою|мой|my|the|a|his|her)\\s+)?(?:карт[уыеа]|карточку|card)${E}`,
      "giu",
    ),
    onPlatformMatters: true,
  },
  {
    reason: "pays through a payment rail",
    pattern: foldedPattern(
      `${B}(?:${PAY_VERB})${E}[^.!?\\n]{0,30}?${B}(?:(?:на|to|onto|в)\\s+(?:(?:my|мою|мой|мне|the|a)\\s+)?(?:${DESTINATION})|(?:via|through|by|with|по|через|in)\\s+(?:(?:my|мою|мой|мне|the|a)\\s+)?(?:${MEANS}))${E}`,
      "giu",
    ),
    onPlatformMatters: true,
  },
  {
    reason: "pays through a payment rail",
    pattern: foldedPattern(
      `${B}(?:(?:на|to)\\s+(?:(?:мою|мой|my)\\s+)?(?:${DESTINATION})|(?:по|через|via|through|by|with|on|in)\\s+(?:(?:мою|мой|my)\\s+)?(?:${MEANS}))${E}[^.!?\\n]{0,30}?${B}(?:${PAY_VERB})${E}`,
      "giu",
    ),
    onPlatformMatters: true,
  },
  {
    reason: "names a payment rail",
    pattern: foldedPattern(
      `${B}(?:(?:на|по|через|via|through|by|with|on|to|in)\\s+)?(?:${RAIL})(?:\\s+(?:me|мне|to|на|кошел\\p{L}*|wallet|number|номер|acc\\p{L}*|account|only|плиз|pls|please|ok|\\$[a-z]\\p{L}*)${E}|\\s*:\\s*[@+$\\d]|\\s+@\\w)`,
      "giu",
    ),
    onPlatformMatters: true,
  },
  {
    reason: "pays by a payment rail",
    pattern: foldedPattern(`${B}(?:по|via|through|через)\\s+(?:сбп|sbp)${E}`, "giu"),
  },
  {
    reason: "pays directly",
    pattern: foldedPattern(
      `${B}(?:(?:${PAY_VERB}|money|деньги|оплат\\p{L}*|transfer)${E}[^.!?\\n]{0,30}?${B}(?:directly|direct|straight|напрямую|напрямик)|(?:directly|direct|straight|напрямую|напрямик)\\s+(?:to me|мне|(?:${PAY_VERB})))${E}|${B}прям\\p{L}*\\s+перевод\\p{L}*|${B}straight to me${E}`,
      "giu",
    ),
  },
  {
    reason: "pays around the platform",
    pattern: foldedPattern(
      `${B}(?:outside|off|around|bypas\\p{L}*|skip\\p{L}*|avoid\\p{L}*|without|no|not through|not via|мимо|вне|без|минуя|в обход|обойти|обойд[её]м)\\s+(?:of\\s+)?(?:the\\s+|this\\s+|our\\s+|any\\s+)?(?:gametrade|site|website|platform|marketplace|escrow|midleman|mm|guarantor|сайт\\p{L}*|гарант\\p{L}*|площадк\\p{L}*|сервис\\p{L}*|посредник\\p{L}*|сделк\\p{L}*)${E}`,
      "giu",
    ),
  },
  {
    reason: "skips the site's fee",
    pattern: foldedPattern(
      `${B}(?:skip|avoid|save on|without|no|dodge|без|минуя|сэконом\\p{L}*)\\s+(?:the\\s+)?(?:site\\s+|сайта\\s+)?(?:fee|fees|commision|комисси\\p{L}*)\\s+(?:сайта|of the site|site)${E}|${B}skip the site fee${E}`,
      "giu",
    ),
  },
  {
    reason: "friends and family",
    pattern: foldedPattern(
      `${B}(?:friends?\\s*(?:and|&|n|'n')\\s*family|f\\s?(?:&|and|n)\\s?f|друзьям и семье|друзья и семья)${E}`,
      "giu",
    ),
  },
  {
    reason: "PayPal as a personal payment",
    pattern: foldedPattern(
      `${B}(?:paypal|pp|пп|пей ?пал\\p{L}*|пэйпал\\p{L}*)${E}.{0,30}?${B}(?:как друг\\p{L}*|для друзей|ff|personal|gift)${E}|${B}(?:как друг\\p{L}*|ff)${E}.{0,30}?${B}(?:paypal|pp|пп|пей ?пал\\p{L}*|пэйпал\\p{L}*)${E}`,
      "giu",
    ),
  },
  {
    reason: "names a crypto network to pay on",
    pattern: foldedPattern(`${B}(?:trc-?20|erc-?20|bep-?20|трц-?20)${E}`, "giu"),
  },
  {
    reason: "deals directly",
    pattern: foldedPattern(`${B}(?:давай напрямую|deal directly|pay direct|напрямую без)${E}`, "giu"),
  },
  {
    reason: "bank details",
    pattern: foldedPattern(
      `${B}(?:реквизит\\p{L}*|bank details|banking details|iban|swift|routing number|номер карты|номер сч[её]та|card number|card no|card details)${E}`,
      "giu",
    ),
  },
  {
    reason: "pays in crypto",
    pattern: foldedPattern(
      `${B}(?:${PAY_VERB}|accept\\p{L}*|take|принима\\p{L}*|беру|only|только)\\s+(?:(?:in|with|by|via|me|мне|в|на)\\s+)?(?:crypto|крипт\\p{L}*|btc|бтц|биток\\p{L}*|bitcoin|биткоин\\p{L}*|usdt|юсдт|tether|eth|ether|ltc|usdc|ton|тон)${E}|${B}(?:криптой|in crypto|(?:crypto|btc|usdt|eth|крипт\\p{L}*) only)${E}`,
      "giu",
    ),
  },
];

/** Money that stays with the platform: paid through it, or withdrawn from or topped up on the site balance. */
export const ON_PLATFORM = foldedPattern(
  `${B}(?:(?:через|via|through|on|on the|на|with|in)\\s+(?:the\\s+)?(?:site|сайт\\p{L}*|gametrade|platform|площадк\\p{L}*|escrow|гарант\\p{L}*|balance|баланс\\p{L}*)|вывод\\p{L}*|вывел\\p{L}*|вывест\\p{L}*|выв[оe]жу|withdraw\\p{L}*|withdrew|cash ?out|пополн\\p{L}*|top up|topped up)${E}`,
  "iu",
);
export const PAYMENT_CONTEXT = /(?:pay|оплат|invoice|checkout|счет|счёт|billing|payment|плат[её]ж)/iu;
