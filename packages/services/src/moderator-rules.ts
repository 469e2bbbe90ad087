import type { ChatType, MemberRole, Role } from "@chat/shared/contracts";
import { AppError, fieldError } from "@chat/shared/errors";

/**
 * Who may become a chat's moderator: a user the projection knows as a moderator or admin (their role
 * comes from their own tokens), who is not and never was a participant of the chat, in a group or deal
 * chat. A seller promoted in his own deal could resolve his own dispute, and a private chat is a pair.
 */
export function requireModeratorCandidate(
  chatType: ChatType,
  candidate: { userRole: Role | null; memberRole: MemberRole | null },
): void {
  if (chatType === "private") throw new AppError("CONFLICT", "private chats take no moderator");
  if (candidate.userRole !== "moderator" && candidate.userRole !== "admin") {
    throw fieldError("moderatorId", "must name a moderator or admin who has signed in to chat-svc");
  }
  if (candidate.memberRole === "member" || candidate.memberRole === "owner") {
    throw new AppError("CONFLICT", "a participant of the chat cannot become its moderator");
  }
}
