import { createReport as fileReport, findMessage, wasMember } from "@chat/db/queries";
import type { CreateReportBody, Report } from "@chat/shared/contracts";
import { fieldError } from "@chat/shared/errors";
import { loadVisibleChat, requireMember } from "../access";
import type { ServiceContext } from "../context";

/**
 * A member reports a message of the chat, else a member or former member, else the chat itself. The
 * report joins its target's case; the same reporter on the same open target gets the first report back.
 */
export async function createReport({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; body: CreateReportBody };
}): Promise<{ report: Report; created: boolean }> {
  const { body } = input;
  const reporterId = ctx.principal.userId;
  return ctx.db.transaction(async (tx) => {
    requireMember(await loadVisibleChat(tx, input.chatId, ctx.principal), "report");
    let subject: { messageId?: string; userId?: string | null } = {};
    if (body.messageId) {
      const message = await findMessage(tx, input.chatId, body.messageId);
      if (!message) throw fieldError("messageId", "must name a message of this chat");
      if (message.senderId === reporterId) throw fieldError("messageId", "cannot be your own message");
      subject = { messageId: message.id, userId: message.senderId };
    } else if (body.userId) {
      if (body.userId === reporterId) throw fieldError("userId", "cannot be yourself");
      if (!(await wasMember(tx, input.chatId, body.userId))) {
        throw fieldError("userId", "must name a member or former member of this chat");
      }
      subject = { userId: body.userId };
    }
    return fileReport(tx, {
      chatId: input.chatId,
      ...subject,
      reporterId,
      reason: body.reason,
      comment: body.comment ?? null,
    });
  });
}
