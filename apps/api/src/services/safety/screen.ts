import { decide, detect, type Verdict } from "@chat/safety";
import { AppError } from "@chat/shared/errors";
import type { ServiceContext } from "../context";

export type Delivery = Extract<Verdict, { kind: "deliver" }>;
export type Refusal = Extract<Verdict, { kind: "block" }>;

const untouched = (text: string): Delivery => ({
  kind: "deliver",
  content: text,
  masked: false,
  flags: [],
  flagged: null,
  warn: false,
});

/**
 * Runs the detector and the admins' rules over a text about to be sent or edited and applies the chat
 * type's policy. A text with nothing found and no rules in force costs no I/O at all.
 */
export async function screenText(ctx: ServiceContext, chatId: string, text: string): Promise<Verdict> {
  const detection = detect(text);
  const rules = await ctx.safety.rules.current();
  if (detection.categories.length === 0 && rules.size === 0) return untouched(text);
  const chatType = await ctx.safety.chatTypeOf(chatId);
  // An unknown chat is the append's to refuse with 404.
  if (!chatType) return untouched(text);
  return decide(text, chatType, detection, rules.match(text, chatType));
}

/** Whether a delivery writes more than the message itself (a version, a flag, a warning). */
export const writesMore = (delivery: Delivery) =>
  delivery.masked || delivery.flagged !== null || delivery.warn;

export function contentBlocked(refusal: Refusal): AppError {
  return new AppError("CONTENT_BLOCKED", `the message was blocked (${refusal.category})`, {
    extensions: {
      category: refusal.category,
      categories: refusal.categories,
      ...(refusal.ruleId ? { ruleId: refusal.ruleId } : {}),
    },
  });
}
