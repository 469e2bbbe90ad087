import {
  closeCase,
  enqueueEvent,
  findCase,
  lockCase,
  lockChat,
  recordModerationAction,
} from "@chat/db/queries";
import type { CaseAction, ModerationCase, ServerFrame } from "@chat/shared/contracts";
import { AppError, fieldError, notFound } from "@chat/shared/errors";
import type { ServiceContext } from "../context";
import { applyBan, applyFreeze, applyMute, applyStaffDelete, untilOf } from "./sanction-steps";
import { requireStaff } from "./staff";

/**
 * The assignee or an admin closes a case with an action; the action and the closing commit in one
 * transaction, so a case is never closed without its action nor acted on twice. 409 when closed.
 */
export async function resolveCase({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { caseId: string; action: CaseAction; durationSec?: number; comment: string };
}): Promise<ModerationCase> {
  requireStaff(ctx.principal, "resolve cases");
  const actorId = ctx.principal.userId;
  const { resolved, frames } = await ctx.db.transaction(async (tx) => {
    const before = await findCase(tx, input.caseId);
    if (!before) throw notFound("case");
    // The chat row before the case row, as a send that flags a message takes them, so the two cannot deadlock.
    const chat = await lockChat(tx, before.target.chatId);
    const row = await lockCase(tx, input.caseId);
    if (!chat || !row) throw notFound("case");
    if (row.status === "closed") throw new AppError("CONFLICT", "this case is closed");
    if (row.assigneeId !== actorId && ctx.principal.role !== "admin") {
      throw new AppError("FORBIDDEN", "only the case's assignee or an admin may resolve it");
    }
    const target = { chatId: row.chatId, userId: row.userId, messageId: row.messageId };
    const sanction = { actorId, until: untilOf(input.durationSec), reason: input.comment || null };
    let frames: ServerFrame[] = [];
    if (input.action === "delete_message") {
      if (!target.messageId) throw fieldError("action", "delete_message needs a case about a message");
      frames = await applyStaffDelete(tx, { ...target, messageId: target.messageId, ...sanction });
    } else if (input.action === "mute" || input.action === "ban_from_chat") {
      if (!target.userId) throw fieldError("action", `${input.action} needs a case about a user or message`);
      const step = { ...target, userId: target.userId, ...sanction };
      const applied = input.action === "mute" ? await applyMute(tx, step) : await applyBan(tx, chat, step);
      frames = applied.frames;
    } else if (input.action === "freeze_chat") {
      frames = await applyFreeze(tx, { chatId: chat.id, frozen: true, ...sanction });
    }
    await closeCase(tx, {
      caseId: row.id,
      action: input.action,
      comment: input.comment,
      resolvedBy: actorId,
    });
    await recordModerationAction(tx, {
      chatId: row.chatId,
      actorId,
      action: "case.resolved",
      targetId: row.id,
      targetUserId: row.userId,
      reason: input.comment || null,
      details: { action: input.action },
    });
    const resolved = await findCase(tx, row.id);
    if (!resolved) throw notFound("case");
    await enqueueEvent(tx, "chat.case.resolved", {
      chatId: row.chatId,
      caseId: row.id,
      target: resolved.target,
      action: input.action,
      comment: input.comment,
      resolvedBy: actorId,
    });
    return { resolved, frames };
  });
  if (frames.length > 0) await ctx.publish(resolved.target.chatId, frames, ctx.requestId);
  return resolved;
}
