import type { Principal } from "@chat/shared/auth";

/** Moderators and admins: the roles that may moderate. */
export const isStaff = (principal: Principal): boolean =>
  principal.role === "moderator" || principal.role === "admin";

/**
 * Who sees a chat without being in it: admins only. Everyone else, a moderator included, sees only the
 * chats they are active members of (a moderator joins by being assigned), and any other chat is the same
 * 404 as one that does not exist, so ids leak nothing.
 */
export const seesEveryChat = (principal: Principal): boolean => principal.role === "admin";
