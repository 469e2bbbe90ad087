import { appendMessage, findMessage } from "@chat/db/queries";
import type { Message, SendMessageBody } from "@chat/shared/contracts";
import { fieldError } from "../../http/problem";
import { loadVisibleChat, requireContentWithin, requireMember, requireWritable } from "../access";
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
    const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
    requireMember(access, "send messages");
    requireWritable(access, ctx.principal);
    if (input.body.replyToId) {
      const target = await findMessage(tx, input.chatId, input.body.replyToId);
      if (!target) throw fieldError("replyToId", "must name a message of this chat");
    }
    return appendMessage(tx, {
      chatId: input.chatId,
      chatType: access.chat.type,
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
