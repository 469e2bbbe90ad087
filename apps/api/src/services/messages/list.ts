import { listMessagesAs } from "@chat/db/queries";
import { seesEveryChat } from "@chat/services";
import type { ListMessagesQuery, MessagePage } from "@chat/shared/contracts";
import { notFound } from "@chat/shared/errors";
import type { ServiceContext } from "../context";

/**
 * Members read messages (a chat's moderator is one); admins may read any chat (audits, disputes). The
 * access check and the page are one statement; anyone else gets the same 404 as a chat that does not exist.
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
    { userId: principal.userId, readsAnyChat: seesEveryChat(principal) },
  );
  if (!page.chatFound || (!page.role && !seesEveryChat(principal))) throw notFound("chat");
  return { items: page.items, hasMore: page.hasMore };
}
