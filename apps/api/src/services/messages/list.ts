import { listMessagesAs } from "@chat/db/queries";
import { seesEveryChat } from "@chat/services";
import type { ListMessagesQuery, MessagePage } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";
import type { ServiceContext } from "../context";

/**
 * Members read messages; admins may read any chat (audits, disputes). Moderators read chats they
 * moderate. The access check and the page are one statement; a moderator outside the chat gets 403,
 * anyone else who may not see it the same 404 as a chat that does not exist.
 */
export async function listMessages({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; query: ListMessagesQuery };
}): Promise<MessagePage> {
  const { principal } = ctx;
  const page = await listMessagesAs(
    ctx.db,
    { chatId: input.chatId, ...input.query },
    { userId: principal.userId, readsAnyChat: principal.role === "admin" },
  );
  if (!page.chatFound || (!page.role && !seesEveryChat(principal))) throw notFound("chat");
  if (!page.role && principal.role !== "admin") {
    throw new AppError("FORBIDDEN", "only members of the chat may read its messages");
  }
  return { items: page.items, hasMore: page.hasMore };
}
