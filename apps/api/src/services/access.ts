import type { Executor } from "@chat/db";
import { findChat, findMembership, type Membership } from "@chat/db/queries";
import { seesEveryChat } from "@chat/services";
import type { Principal } from "@chat/shared/auth";
import { AppError, notFound } from "@chat/shared/errors";

export interface ChatAccess {
  chat: NonNullable<Awaited<ReturnType<typeof findChat>>>;
  membership: Membership | null;
}

/** A chat as the principal may see it (see seesEveryChat): anything else is the 404 of a missing chat. */
export async function loadVisibleChat(
  db: Executor,
  chatId: string,
  principal: Principal,
): Promise<ChatAccess> {
  const chat = await findChat(db, chatId);
  if (!chat) throw notFound("chat");
  const membership = await findMembership(db, chatId, principal.userId);
  if (!membership && !seesEveryChat(principal)) throw notFound("chat");
  return { chat, membership };
}

/** Members only: an admin who can see the chat but is not in it gets 403. */
export function requireMember(access: ChatAccess, action: string): Membership {
  if (!access.membership) throw new AppError("FORBIDDEN", `only members of the chat may ${action}`);
  return access.membership;
}

export function requireContentWithin(content: string, maxChars: number): void {
  if ([...content].length > maxChars) {
    throw new AppError("PAYLOAD_TOO_LARGE", `content is over ${maxChars} characters`, {
      errors: [{ path: "content", message: `must be at most ${maxChars} characters` }],
    });
  }
}
