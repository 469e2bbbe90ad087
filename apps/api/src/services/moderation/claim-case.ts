import { assignCase, findCase, lockCase, recordModerationAction } from "@chat/db/queries";
import type { ModerationCase } from "@chat/shared/contracts";
import { AppError, notFound } from "@chat/shared/errors";
import type { ServiceContext } from "../context";
import { requireStaff } from "./staff";

/**
 * The caller becomes the case's assignee. Another moderator's case is 409, except to an admin, who
 * takes it over; claiming one's own case again changes nothing.
 */
export async function claimCase({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { caseId: string };
}): Promise<ModerationCase> {
  requireStaff(ctx.principal, "claim cases");
  const { userId } = ctx.principal;
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, input.caseId);
    if (!row) throw notFound("case");
    if (row.status === "closed") throw new AppError("CONFLICT", "this case is closed");
    if (row.assigneeId !== userId) {
      if (row.assigneeId && ctx.principal.role !== "admin") {
        throw new AppError("CONFLICT", "another moderator has claimed this case");
      }
      await assignCase(tx, row.id, userId);
      await recordModerationAction(tx, {
        chatId: row.chatId,
        actorId: userId,
        action: "case.claimed",
        targetId: row.id,
        targetUserId: row.userId,
        details: { previousAssigneeId: row.assigneeId },
      });
    }
    const claimed = await findCase(tx, row.id);
    if (!claimed) throw notFound("case");
    return claimed;
  });
}
