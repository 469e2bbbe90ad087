import {
  assignChatModerator,
  enqueueEvent,
  findChatMembers,
  findModeratorCandidate,
  getChatDetail,
  lockChat,
  recordModerationAction,
} from "@chat/db/queries";
import { isStaff, requireModeratorCandidate, writeSystemMessage } from "@chat/services";
import type { ChatDetail, Member, Message, ServerFrame } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";

/**
 * A moderator or admin makes a moderator or admin the chat's moderator (requireModeratorCandidate says
 * who may be one): they join with the member role `moderator`, a system message says so, and
 * chat.moderator.assigned goes to the outbox with an audit row. Staff act on any chat that exists, since
 * this is how a moderator takes a chat on; assigning the current moderator again changes nothing.
 */
export async function assignModerator({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; moderatorId: string };
}): Promise<ChatDetail> {
  const outcome = await ctx.db.transaction(async (tx) => {
    if (!isStaff(ctx.principal)) {
      await loadVisibleChat(tx, input.chatId, ctx.principal);
      throw new AppError("FORBIDDEN", "only moderators and admins assign moderators");
    }
    // The chat row first, as a send does, so the two cannot deadlock on chats vs chat_members.
    const chat = await lockChat(tx, input.chatId);
    if (!chat) throw notFound("chat");
    requireModeratorCandidate(
      chat.type,
      await findModeratorCandidate(tx, { chatId: input.chatId, userId: input.moderatorId }),
    );
    const { member, previousRole } = await assignChatModerator(tx, {
      chatId: input.chatId,
      userId: input.moderatorId,
    });
    if (previousRole === "moderator") return null;
    const { message } = await writeSystemMessage(tx, input.chatId, "A moderator joined the chat");
    await enqueueEvent(tx, "chat.moderator.assigned", {
      chatId: input.chatId,
      moderatorId: input.moderatorId,
      assignedBy: ctx.principal.userId,
    });
    await recordModerationAction(tx, {
      chatId: input.chatId,
      actorId: ctx.principal.userId,
      action: "moderator.assigned",
      targetId: input.moderatorId,
      targetUserId: input.moderatorId,
      details: { previousRole },
    });
    return { message, userId: member.userId };
  });

  const detail = await getChatDetail(ctx.db, input.chatId);
  if (!detail) throw notFound("chat");
  if (outcome) {
    // The preview may not reach the new moderator in a large group, so the frame's member is read by id.
    const [member] = await findChatMembers(ctx.db, input.chatId, [outcome.userId]);
    await ctx.publish(input.chatId, framesOf(detail, outcome, member), ctx.requestId);
  }
  return detail;
}

function framesOf(
  detail: ChatDetail,
  outcome: { message: Message; userId: string },
  member: Member | undefined,
): ServerFrame[] {
  return [
    ...(member ? [{ type: "member_added" as const, chatId: detail.id, member }] : []),
    { type: "new_message", chatId: detail.id, message: outcome.message },
  ];
}
