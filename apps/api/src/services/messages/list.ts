import { listMessages as readPage } from "@chat/db/queries";
import type { ListMessagesQuery, MessagePage } from "@chat/shared/contracts";
import { AppError } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";

/** Members read messages; admins may read any chat (audits, disputes). Moderators read chats they moderate. */
export async function listMessages({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; query: ListMessagesQuery };
}): Promise<MessagePage> {
  const access = await loadVisibleChat(ctx.db, input.chatId, ctx.principal);
  if (!access.membership && ctx.principal.role !== "admin") {
    throw new AppError("FORBIDDEN", "only members of the chat may read its messages");
  }
  return readPage(ctx.db, { chatId: input.chatId, ...input.query });
}
