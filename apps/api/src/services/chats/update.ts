import {
  addMembers,
  ensureUsers,
  findBannedUsers,
  findChatMembers,
  findMembership,
  getChatDetail,
  lockChat,
  removeMembers,
  setChatTitle,
} from "@chat/db/queries";
import type { ChatDetail, ServerFrame, UpdateChatBody } from "@chat/shared/contracts";
import { AppError, fieldError, notFound } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";
import { requireGroupRoom } from "./group-limit";

/**
 * The owner or an admin edits the title and the member list. Any member may leave a group by removing
 * only themselves. Private chats are fixed pairs and deal chats follow their order, so their members
 * change only by admin (deal) or never (private).
 */
export async function updateChat({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; body: UpdateChatBody };
}): Promise<ChatDetail> {
  const me = ctx.principal.userId;
  const { title, addMemberIds = [], removeMemberIds = [] } = input.body;
  const overlap = addMemberIds.find((id) => removeMemberIds.includes(id));
  if (overlap) throw fieldError("removeMemberIds", `${overlap} is also in addMemberIds`);

  const { addedIds, removedIds, titleChanged } = await ctx.db.transaction(async (tx) => {
    const access = await loadVisibleChat(tx, input.chatId, ctx.principal);
    const chat = await lockChat(tx, input.chatId);
    if (!chat) throw notFound("chat");
    const isAdmin = ctx.principal.role === "admin";
    const isOwner = Boolean(access.membership) && chat.ownerId === me;
    const leaving =
      Boolean(access.membership) &&
      title === undefined &&
      addMemberIds.length === 0 &&
      removeMemberIds.length === 1 &&
      removeMemberIds[0] === me;
    if (!isAdmin && !isOwner && !leaving) {
      throw new AppError("FORBIDDEN", "only the chat's owner or an admin may change it");
    }
    if (chat.type === "private") throw new AppError("CONFLICT", "private chats cannot be changed");
    if (chat.type === "deal" && !isAdmin)
      throw new AppError("CONFLICT", "deal chat members follow the order");
    // Ownership never transfers, so an owner who left would leave ownerId naming a non-member.
    if (chat.ownerId && removeMemberIds.includes(chat.ownerId)) {
      throw new AppError("CONFLICT", "the group's owner cannot leave or be removed");
    }
    if (!isAdmin) {
      for (const userId of removeMemberIds) {
        const member = await findMembership(tx, chat.id, userId);
        if (member?.role === "moderator")
          throw new AppError("FORBIDDEN", "only an admin may remove a moderator");
      }
    }

    const banned = await findBannedUsers(tx, chat.id, addMemberIds);
    if (banned.length > 0) throw new AppError("BANNED", `banned from this chat: ${banned.join(", ")}`);

    if (title !== undefined) await setChatTitle(tx, chat.id, title);
    await ensureUsers(tx, addMemberIds);
    const added = await addMembers(
      tx,
      chat.id,
      [...new Set(addMemberIds)].map((userId) => ({ userId, role: "member" as const })),
    );
    const removed = await removeMembers(tx, chat.id, [...new Set(removeMemberIds)]);
    // The chat row is locked, so its count is exact; a refusal rolls the whole change back.
    const memberCount = chat.memberCount + added.length - removed.length;
    if (added.length > 0) requireGroupRoom(memberCount, ctx.config.GROUP_MAX_MEMBERS);
    return {
      addedIds: added.map((member) => member.userId),
      removedIds: removed,
      titleChanged: title !== undefined && title !== chat.title,
    };
  });

  const detail = await getChatDetail(ctx.db, input.chatId);
  if (!detail) throw notFound("chat");
  const frames: ServerFrame[] = [];
  if (titleChanged) frames.push({ type: "chat_updated", chatId: detail.id, title: detail.title });
  for (const member of await findChatMembers(ctx.db, detail.id, addedIds))
    frames.push({ type: "member_added", chatId: detail.id, member });
  for (const userId of removedIds) frames.push({ type: "member_removed", chatId: detail.id, userId });
  await ctx.publish(detail.id, frames, ctx.requestId);
  return detail;
}
