import type { Executor } from "@chat/db";
import { findChat, findMembership, type Membership } from "@chat/db/queries";
import type { Principal } from "@chat/shared/auth";
import type { ChatStatus, MemberRole } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";

export interface ChatAccess {
  chat: NonNullable<Awaited<ReturnType<typeof findChat>>>;
  membership: Membership | null;
}

export const isStaff = (principal: Principal) => principal.role === "moderator" || principal.role === "admin";

/**
 * A chat is visible to its active members, and to moderators and admins. Anything else is the same
 * 404 as a chat that does not exist, so ids leak nothing.
 */
export async function loadVisibleChat(
  db: Executor,
  chatId: string,
  principal: Principal,
): Promise<ChatAccess> {
  const chat = await findChat(db, chatId);
  if (!chat) throw notFound("chat");
  const membership = await findMembership(db, chatId, principal.userId);
  if (!membership && !isStaff(principal)) throw notFound("chat");
  return { chat, membership };
}

/** A non-member gets 404 for a chat they cannot see, 403 for one they can (staff). */
export async function refuseNonMember(
  db: Executor,
  chatId: string,
  principal: Principal,
  action: string,
): Promise<never> {
  await loadVisibleChat(db, chatId, principal);
  throw new AppError("FORBIDDEN", `only members of the chat may ${action}`);
}

/** Members only: a moderator or admin who can see the chat but is not in it gets 403. */
export function requireMember(access: ChatAccess, action: string): Membership {
  if (!access.membership) throw new AppError("FORBIDDEN", `only members of the chat may ${action}`);
  return access.membership;
}

/** Completed and cancelled deal chats are read-only, except for their moderators and staff. */
export function requireWritable(
  chat: { status: ChatStatus; membershipRole: MemberRole | null },
  principal: Principal,
): void {
  if (chat.status === "open") return;
  if (chat.membershipRole === "moderator" || isStaff(principal)) return;
  throw new AppError("READ_ONLY", `this chat is ${chat.status} and read-only`);
}

export const writableOf = (access: ChatAccess) => ({
  status: access.chat.status,
  membershipRole: access.membership?.role ?? null,
});

export function requireContentWithin(content: string, maxChars: number): void {
  if ([...content].length > maxChars) {
    throw new AppError("PAYLOAD_TOO_LARGE", `content is over ${maxChars} characters`, {
      errors: [{ path: "content", message: `must be at most ${maxChars} characters` }],
    });
  }
}
