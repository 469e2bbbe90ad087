import { markRead as moveReadMark } from "@chat/db/queries";
import type { ReadResult } from "@chat/shared/contracts";
import { notFound } from "@chat/shared/errors";
import { loadVisibleChat, requireMember } from "../access";
import type { ServiceContext } from "../context";

/** The read mark only moves forward (and never past the chat's last seq); a move is published as `read`. */
export async function markRead({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; seq: number };
}): Promise<ReadResult> {
  const { result, moved } = await ctx.db.transaction(async (tx) => {
    const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
    const membership = requireMember(access, "mark it read");
    const marked = await moveReadMark(tx, {
      chatId: input.chatId,
      userId: ctx.principal.userId,
      seq: input.seq,
    });
    if (!marked) throw notFound("chat");
    return { result: marked, moved: marked.lastReadSeq > membership.lastReadSeq };
  });
  if (moved) {
    await ctx.publish(
      input.chatId,
      [{ type: "read", chatId: input.chatId, userId: ctx.principal.userId, seq: result.lastReadSeq }],
      ctx.requestId,
    );
  }
  return result;
}
