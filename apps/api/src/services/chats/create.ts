import { getChatDetail, createChat as insertChat, isBlockedBy } from "@chat/db/queries";
import type { ChatDetail, CreateChatBody, MemberRole } from "@chat/shared/contracts";
import { AppError, fieldError } from "@chat/shared/errors";
import type { ServiceContext } from "../context";
import { requireGroupRoom } from "./group-limit";

/**
 * Private chats are one per pair: asking again returns the existing chat (created = false). Groups are
 * owned by their creator. Deal chats come from order.created; only an admin (service) token may open one
 * by hand, and it does not join it.
 */
export async function createChat({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateChatBody;
}): Promise<{ chat: ChatDetail; created: boolean }> {
  const me = ctx.principal.userId;
  let members: { userId: string; role: MemberRole }[];
  let ownerId: string | null = null;
  if (input.type === "private") {
    const [other] = input.memberIds;
    if (!other || other === me) throw fieldError("memberIds.0", "must name another user");
    if (await isBlockedBy(ctx.db, { blockerId: other, blockedId: me })) {
      throw new AppError("BLOCKED", "this user has blocked you");
    }
    members = [
      { userId: me, role: "member" },
      { userId: other, role: "member" },
    ];
  } else if (input.type === "group") {
    ownerId = me;
    const others = [...new Set(input.memberIds)].filter((id) => id !== me);
    members = [
      { userId: me, role: "owner" },
      ...others.map((userId) => ({ userId, role: "member" as const })),
    ];
    requireGroupRoom(members.length, ctx.config.GROUP_MAX_MEMBERS);
  } else {
    if (ctx.principal.role !== "admin") {
      throw new AppError("FORBIDDEN", "deal chats are opened by the marketplace (admin tokens only)");
    }
    const [buyer, seller] = input.memberIds;
    if (buyer === seller) throw fieldError("memberIds.1", "buyer and seller must differ");
    members = input.memberIds.map((userId) => ({ userId, role: "member" as const }));
  }

  const { chat, created } = await ctx.db.transaction((tx) =>
    insertChat(tx, {
      type: input.type,
      title: input.type === "group" ? input.title : null,
      orderId: input.type === "deal" ? input.orderId : null,
      ownerId,
      members,
    }),
  );
  const detail = await getChatDetail(ctx.db, chat.id);
  if (!detail) throw new Error(`chat ${chat.id} vanished after create`);
  return { chat: detail, created };
}
