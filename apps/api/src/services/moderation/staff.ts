import { isStaff } from "@chat/services";
import type { Principal } from "@chat/shared/auth";
import { AppError } from "@chat/shared/errors";
import type { ChatAccess } from "../access";

/** The review queue and the dispute list are for moderators and admins only. */
export function requireStaff(principal: Principal, action: string): void {
  if (!isStaff(principal)) throw new AppError("FORBIDDEN", `only moderators and admins may ${action}`);
}

/** Mutes, bans and freezes belong to the chat's own moderator and to admins. */
export function requireChatModerator(access: ChatAccess, principal: Principal, action: string): void {
  if (access.membership?.role !== "moderator" && principal.role !== "admin") {
    throw new AppError("FORBIDDEN", `only the chat's moderator or an admin may ${action}`);
  }
}
