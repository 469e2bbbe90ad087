import { AppendRefused, appendMessage } from "@chat/db/queries";
import type { Message, SendMessageBody } from "@chat/shared/contracts";
import { fieldError } from "../../http/problem";
import { isStaff, refuseNonMember, requireContentWithin, requireWritable } from "../access";
import type { ServiceContext } from "../context";

/**
 * One statement: the sender's membership, the message with its seq, the chat's last seq and activity,
 * the sender's read mark and the chat.message.created outbox row. Then new_message goes out on the bus.
 * A repeated clientMessageId returns the first message (created = false) and publishes nothing.
 */
export async function sendMessage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; body: SendMessageBody };
}): Promise<{ message: Message; created: boolean }> {
  requireContentWithin(input.body.content, ctx.config.MESSAGE_MAX_CHARS);
  const result = await appendMessage(ctx.db, {
    chatId: input.chatId,
    senderId: ctx.principal.userId,
    bypassReadOnly: isStaff(ctx.principal),
    content: input.body.content,
    clientMessageId: input.body.clientMessageId,
    replyToId: input.body.replyToId,
    attachments: input.body.attachments,
  }).catch((error: unknown) => {
    if (error instanceof AppendRefused) return explainRefusal(ctx, input.chatId, error);
    throw error;
  });
  if (result.created) {
    ctx.metrics.messagesSent.inc();
    await ctx.publish(
      input.chatId,
      [{ type: "new_message", chatId: input.chatId, message: result.message }],
      ctx.requestId,
    );
  }
  return result;
}

/** Turns a refused append into the error the caller is owed, in the order the checks are documented. */
async function explainRefusal(ctx: ServiceContext, chatId: string, refused: AppendRefused): Promise<never> {
  if (!refused.membership) return refuseNonMember(ctx.db, chatId, ctx.principal, "send messages");
  requireWritable(
    { status: refused.membership.chatStatus, membershipRole: refused.membership.role },
    ctx.principal,
  );
  throw fieldError("replyToId", "must name a message of this chat");
}
