import { decodeMemberCursor, listChatMembers } from "@chat/db/queries";
import type { ListMembersQuery, MemberPage } from "@chat/shared/contracts";
import { fieldError } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";

/** Pages a chat's active members in join order; whoever may see the chat may see its members. */
export async function listMembers({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListMembersQuery & { chatId: string };
}): Promise<MemberPage> {
  const cursor = input.cursor === undefined ? null : decodeMemberCursor(input.cursor);
  if (input.cursor !== undefined && !cursor) throw fieldError("cursor", "is not a cursor this API issued");
  await loadVisibleChat(ctx.db, input.chatId, ctx.principal);
  return listChatMembers(ctx.db, { chatId: input.chatId, limit: input.limit, cursor });
}
