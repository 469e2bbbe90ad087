import { appendMessage, findMessage } from "@chat/db/queries";
import type { Message, SendMessageBody } from "@chat/shared/contracts";
import { fieldError } from "../../http/problem";
import { loadMembership, requireContentWithin, requireWritable } from "../access";
import type { ServiceContext } from "../context";

/**
 * One transaction: the message with its seq, the chat's last seq and activity, the sender's read mark,
 * and the chat.message.created outbox row. Then new_message goes out on the bus. A repeated
 * clientMessageId returns the first message (created = false) and publishes nothing.
 */
export async function sendMessage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; body: SendMessageBody };
}): Promise<{ message: Message; created: boolean }> {
  requireContentWithin(input.body.content, ctx.config.MESSAGE_MAX_CHARS);
  const result = await ctx.db.transaction(async (tx) => {
    const membership = await loadMembership(tx, input.chatId, ctx.principal, "send messages");
    requireWritable({ status: membership.chatStatus, membershipRole: membership.role }, ctx.principal);
    if (input.body.replyToId) {
      const target = await findMessage(tx, input.chatId, input.body.replyToId);
      if (!target) throw fieldError("replyToId", "must name a message of this chat");
    }
    return appendMessage(tx, {
      chatId: input.chatId,
      chatType: membership.chatType,
      senderId: ctx.principal.userId,
      content: input.body.content,
      clientMessageId: input.body.clientMessageId,
      replyToId: input.body.replyToId,
      attachments: input.body.attachments,
    });
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
