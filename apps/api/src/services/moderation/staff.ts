import type { Principal } from "@chat/shared/auth";
import { AppError } from "@chat/shared/errors";
import { isStaff } from "../access";

/** The review queue and the dispute list are for moderators and admins only. */
export function requireStaff(principal: Principal, action: string): void {
  if (!isStaff(principal)) throw new AppError("FORBIDDEN", `only moderators and admins may ${action}`);
}
