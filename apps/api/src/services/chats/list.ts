import { decodeChatCursor, listChatsForUser } from "@chat/db/queries";
import type { ChatPage, ListChatsQuery } from "@chat/shared/contracts";
import { fieldError } from "@chat/shared/errors";
import type { ServiceContext } from "../context";

export async function listChats({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListChatsQuery;
}): Promise<ChatPage> {
  const cursor = input.cursor === undefined ? null : decodeChatCursor(input.cursor);
  if (input.cursor !== undefined && !cursor) throw fieldError("cursor", "is not a cursor this API issued");
  return listChatsForUser(ctx.db, { userId: ctx.principal.userId, limit: input.limit, cursor });
}
