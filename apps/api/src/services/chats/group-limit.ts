import { AppError } from "@chat/shared/errors";

/** A group over GROUP_MAX_MEMBERS is refused: every message would fan out to all of them. */
export function requireGroupRoom(memberCount: number, maxMembers: number): void {
  if (memberCount > maxMembers)
    throw new AppError(
      "CONFLICT",
      `a group holds at most ${maxMembers} members; this change makes ${memberCount}`,
    );
}
