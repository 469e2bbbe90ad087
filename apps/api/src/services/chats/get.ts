import { getChatDetail } from "@chat/db/queries";
import type { ChatDetail } from "@chat/shared/contracts";
import { notFound } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";

export async function getChat({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string };
}): Promise<ChatDetail> {
  await loadVisibleChat(ctx.db, input.chatId, ctx.principal);
  const detail = await getChatDetail(ctx.db, input.chatId);
  if (!detail) throw notFound("chat");
  return detail;
}
