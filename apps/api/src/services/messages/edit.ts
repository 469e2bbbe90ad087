import { findMessage, toMessage, editMessage as writeEdit } from "@chat/db/queries";
import { requireWritable } from "@chat/services";
import type { EditMessageBody, Message } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";
import { loadVisibleChat, requireContentWithin, requireMember } from "../access";
import type { ServiceContext } from "../context";

/** Only the sender edits, and never a deleted message; the replaced text stays in message_edits. */
export async function editMessage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; messageId: string; body: EditMessageBody };
}): Promise<Message> {
  requireContentWithin(input.body.content, ctx.config.MESSAGE_MAX_CHARS);
  const message = await ctx.db.transaction(async (tx) => {
    const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
    const existing = await findMessage(tx, input.chatId, input.messageId);
    if (!existing) throw notFound("message");
    requireMember(access, "edit messages");
    if (existing.senderId !== ctx.principal.userId) {
      throw new AppError("FORBIDDEN", "only the sender may edit a message");
    }
    await requireWritable(tx, { chatId: input.chatId, principal: ctx.principal, action: "edit messages" });
    if (existing.deletedAt) throw new AppError("CONFLICT", "a deleted message cannot be edited");
    const row = await writeEdit(tx, {
      chatId: input.chatId,
      messageId: input.messageId,
      editorId: ctx.principal.userId,
      content: input.body.content,
    });
    if (!row) throw new AppError("CONFLICT", "a deleted message cannot be edited");
    return toMessage(row);
  });
  await ctx.publish(
    input.chatId,
    [{ type: "message_updated", chatId: input.chatId, message }],
    ctx.requestId,
  );
  return message;
}
