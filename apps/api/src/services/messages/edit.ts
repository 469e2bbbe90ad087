import { findMessage, toMessage, editMessage as writeEdit } from "@chat/db/queries";
import { requireWritable } from "@chat/services";
import type { EditMessageBody, Message, ServerFrame } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";
import { loadVisibleChat, requireContentWithin, requireMember } from "../access";
import type { ServiceContext } from "../context";
import { recordDelivery, recordRefusal } from "../safety/record";
import { contentBlocked, type Refusal, screenText } from "../safety/screen";

/**
 * Only the sender edits, and never a deleted message; the replaced text stays in message_edits. An edit
 * passes the same safety policy as a send: blocked, masked (the unmasked text kept as a version) or flagged.
 */
export async function editMessage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; messageId: string; body: EditMessageBody };
}): Promise<Message> {
  requireContentWithin(input.body.content, ctx.config.MESSAGE_MAX_CHARS);
  const verdict = await screenText(ctx, input.chatId, input.body.content);
  const senderId = ctx.principal.userId;
  const outcome = await ctx.db.transaction(
    async (tx): Promise<{ refused: Refusal } | { message: Message; frames: ServerFrame[] }> => {
      const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
      const existing = await findMessage(tx, input.chatId, input.messageId);
      if (!existing) throw notFound("message");
      requireMember(access, "edit messages");
      if (existing.senderId !== senderId) {
        throw new AppError("FORBIDDEN", "only the sender may edit a message");
      }
      await requireWritable(tx, { chatId: input.chatId, principal: ctx.principal, action: "edit messages" });
      if (existing.deletedAt) throw new AppError("CONFLICT", "a deleted message cannot be edited");
      if (verdict.kind === "block") {
        await recordRefusal(tx, {
          chatId: input.chatId,
          senderId,
          refusal: verdict,
          messageId: input.messageId,
        });
        return { refused: verdict };
      }
      const row = await writeEdit(tx, {
        chatId: input.chatId,
        messageId: input.messageId,
        editorId: senderId,
        content: verdict.content,
        flags: verdict.flags,
      });
      if (!row) throw new AppError("CONFLICT", "a deleted message cannot be edited");
      const message = toMessage(row);
      const original = input.body.content;
      const frames = await recordDelivery(tx, { message, senderId, original, delivery: verdict });
      return { message, frames };
    },
  );
  if ("refused" in outcome) throw contentBlocked(outcome.refused);
  const { message, frames } = outcome;
  await ctx.publish(
    input.chatId,
    [{ type: "message_updated", chatId: input.chatId, message }, ...frames],
    ctx.requestId,
  );
  return message;
}
