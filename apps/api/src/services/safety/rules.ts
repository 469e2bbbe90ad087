import { createRule, deleteRule, listRules, recordModerationAction } from "@chat/db/queries";
import { ruleProblem } from "@chat/safety";
import type { CreateRuleBody, ModerationRule } from "@chat/shared/contracts";
import { fieldError, forbidden, notFound } from "@chat/shared/errors";
import type { ServiceContext } from "../context";

function requireAdmin(ctx: ServiceContext): void {
  if (ctx.principal.role !== "admin") throw forbidden("only admins manage moderation rules");
}

export async function listModerationRules({ ctx }: { ctx: ServiceContext }): Promise<ModerationRule[]> {
  requireAdmin(ctx);
  return listRules(ctx.db);
}

/** A pattern the engine cannot run in linear time is refused (400); the change is audited. */
export async function createModerationRule({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateRuleBody;
}): Promise<ModerationRule> {
  requireAdmin(ctx);
  const problem = ruleProblem(input.kind, input.value);
  if (problem) throw fieldError("value", problem);
  const rule = await ctx.db.transaction(async (tx) => {
    const created = await createRule(tx, {
      kind: input.kind,
      value: input.value,
      action: input.action,
      chatTypes: input.chatTypes ? [...new Set(input.chatTypes)] : null,
      note: input.note ?? null,
      createdBy: ctx.principal.userId,
    });
    await recordModerationAction(tx, {
      chatId: null,
      actorId: ctx.principal.userId,
      action: "rule.created",
      targetId: created.id,
      details: {
        kind: created.kind,
        value: created.value,
        action: created.action,
        chatTypes: created.chatTypes,
      },
    });
    return created;
  });
  ctx.safety.rules.invalidate();
  return rule;
}

export async function deleteModerationRule({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { ruleId: string };
}): Promise<void> {
  requireAdmin(ctx);
  await ctx.db.transaction(async (tx) => {
    const deleted = await deleteRule(tx, input.ruleId);
    if (!deleted) throw notFound("rule");
    await recordModerationAction(tx, {
      chatId: null,
      actorId: ctx.principal.userId,
      action: "rule.deleted",
      targetId: deleted.id,
      details: { kind: deleted.kind, value: deleted.value, action: deleted.action },
    });
  });
  ctx.safety.rules.invalidate();
}
