import { AppendRefused, appendMessage } from "@chat/db/queries";
import { writeRefusalError } from "@chat/services";
import type { Message, SendMessageBody } from "@chat/shared/contracts";
import { requireContentWithin } from "../access";
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
    writerRole: ctx.principal.role,
    content: input.body.content,
    clientMessageId: input.body.clientMessageId,
    replyToId: input.body.replyToId,
    attachments: input.body.attachments,
  }).catch((error: unknown) => {
    if (error instanceof AppendRefused)
      throw writeRefusalError(error.decision, ctx.principal, "send messages");
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
