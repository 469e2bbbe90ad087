import type { Executor } from "@chat/db";
import { AppendRefused, appendMessage } from "@chat/db/queries";
import { requireWritable, writeRefusalError } from "@chat/services";
import type { Message, SendMessageBody, ServerFrame } from "@chat/shared/contracts";
import { requireContentWithin } from "../access";
import type { ServiceContext } from "../context";
import { recordDelivery, recordRefusal } from "../safety/record";
import { contentBlocked, type Refusal, screenText, writesMore } from "../safety/screen";

/**
 * One statement: the sender's membership, the message with its seq, the chat's last seq and activity,
 * the sender's read mark and the chat.message.created outbox row. Then new_message goes out on the bus.
 * A repeated clientMessageId returns the first message (created = false) and publishes nothing.
 * The safety policy runs first: a blocked text is refused, and a masked, flagged or warned one is written
 * in one transaction with its version, flag and warning.
 */
export async function sendMessage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; body: SendMessageBody };
}): Promise<{ message: Message; created: boolean }> {
  requireContentWithin(input.body.content, ctx.config.MESSAGE_MAX_CHARS);
  const verdict = await screenText(ctx, input.chatId, input.body.content);
  if (verdict.kind === "block") return refuseContent(ctx, input.chatId, verdict);
  const senderId = ctx.principal.userId;
  const append = (db: Executor) =>
    appendMessage(db, {
      chatId: input.chatId,
      senderId,
      writerRole: ctx.principal.role,
      content: verdict.content,
      clientMessageId: input.body.clientMessageId,
      replyToId: input.body.replyToId,
      attachments: input.body.attachments,
      flags: verdict.flags,
    });
  let safetyFrames: ServerFrame[] = [];
  const result = await (writesMore(verdict)
    ? ctx.db.transaction(async (tx) => {
        const appended = await append(tx);
        if (appended.created) {
          const original = input.body.content;
          safetyFrames = await recordDelivery(tx, {
            message: appended.message,
            senderId,
            original,
            delivery: verdict,
          });
        }
        return appended;
      })
    : append(ctx.db)
  ).catch((error: unknown) => {
    if (error instanceof AppendRefused) {
      throw writeRefusalError(error.decision, ctx.principal, "send messages");
    }
    throw error;
  });
  if (result.created) {
    ctx.metrics.messagesSent.inc();
    await ctx.publish(
      input.chatId,
      [{ type: "new_message", chatId: input.chatId, message: result.message }, ...safetyFrames],
      ctx.requestId,
    );
  }
  return result;
}

/** A blocked text is 422 only for a sender who may write here; anyone else gets the usual 404, 403 or 409. */
async function refuseContent(ctx: ServiceContext, chatId: string, refusal: Refusal): Promise<never> {
  await requireWritable(ctx.db, { chatId, principal: ctx.principal, action: "send messages" });
  await recordRefusal(ctx.db, { chatId, senderId: ctx.principal.userId, refusal });
  throw contentBlocked(refusal);
}
