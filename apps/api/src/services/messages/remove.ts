import { findMessage, softDeleteMessage, toMessage } from "@chat/db/queries";
import { requireWritable } from "@chat/services";
import type { Message } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";

/**
 * Soft delete by the sender, the chat's moderator or an admin. Deleting a deleted message changes
 * nothing and returns it again, so a retried DELETE is harmless.
 */
export async function removeMessage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; messageId: string };
}): Promise<Message> {
  const { message, changed } = await ctx.db.transaction(async (tx) => {
    const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
    const existing = await findMessage(tx, input.chatId, input.messageId);
    if (!existing) throw notFound("message");
    const isSender = Boolean(access.membership) && existing.senderId === ctx.principal.userId;
    const isChatModerator = access.membership?.role === "moderator";
    const isAdmin = ctx.principal.role === "admin";
    if (!isSender && !isChatModerator && !isAdmin) {
      throw new AppError(
        "FORBIDDEN",
        "only the sender, the chat's moderator or an admin may delete a message",
      );
    }
    if (existing.deletedAt) return { message: toMessage(existing), changed: false };
    // An admin outside the chat deletes as staff, which no chat status stops; members pass the write rule.
    if (access.membership) {
      await requireWritable(tx, {
        chatId: input.chatId,
        principal: ctx.principal,
        action: "delete messages",
      });
    }
    const row = await softDeleteMessage(tx, {
      chatId: input.chatId,
      messageId: input.messageId,
      deletedBy: ctx.principal.userId,
    });
    const current = row ?? (await findMessage(tx, input.chatId, input.messageId));
    if (!current) throw notFound("message");
    return { message: toMessage(current), changed: Boolean(row) };
  });
  if (changed) {
    await ctx.publish(
      input.chatId,
      [{ type: "message_deleted", chatId: input.chatId, message }],
      ctx.requestId,
    );
  }
  return message;
}
