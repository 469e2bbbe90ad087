import { listAudit as readAudit } from "@chat/db/queries";
import type { AuditPage, ListAuditQuery } from "@chat/shared/contracts";
import type { ServiceContext } from "../context";
import { nextCursorOf, readCursor } from "./cursor";
import { requireStaff } from "./staff";

/** The audit trail, newest first: an admin sees every entry, a moderator those in chats they moderate. */
export async function listAudit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListAuditQuery;
}): Promise<AuditPage> {
  requireStaff(ctx.principal, "read the audit trail");
  const cursor = readCursor(input.cursor);
  const page = await readAudit(ctx.db, {
    chatId: input.chatId,
    actorId: input.actorId,
    targetUserId: input.targetUserId,
    moderatedBy: ctx.principal.role === "admin" ? undefined : ctx.principal.userId,
    limit: input.limit,
    cursor,
  });
  return { items: page.items, nextCursor: nextCursorOf(page.last) };
}
