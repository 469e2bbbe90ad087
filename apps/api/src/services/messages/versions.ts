import { findMessage, listMessageVersions } from "@chat/db/queries";
import type { MessageVersions } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";

/** Every version of a message, for its sender, the chat's moderator and admins: the evidence of a dispute. */
export async function listVersions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; messageId: string };
}): Promise<MessageVersions> {
  const access = await loadVisibleChat(ctx.db, input.chatId, ctx.principal);
  const message = await findMessage(ctx.db, input.chatId, input.messageId);
  if (!message) throw notFound("message");
  const isSender = Boolean(access.membership) && message.senderId === ctx.principal.userId;
  if (!isSender && access.membership?.role !== "moderator" && ctx.principal.role !== "admin") {
    throw new AppError(
      "FORBIDDEN",
      "only the sender, the chat's moderator or an admin may see a message's versions",
    );
  }
  return {
    messageId: message.id,
    chatId: message.chatId,
    senderId: message.senderId,
    deletedAt: message.deletedAt?.toISOString() ?? null,
    items: await listMessageVersions(ctx.db, message),
  };
}
