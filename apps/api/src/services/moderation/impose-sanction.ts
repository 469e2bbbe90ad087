import type { Executor } from "@chat/db";
import type { Sanction, SanctionBody } from "@chat/shared/contracts";
import { fieldError } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";
import { type SanctionApplied, type SanctionStep, untilOf } from "./sanction-steps";
import { requireChatModerator } from "./staff";

/**
 * What every direct sanction route shares: the chat's moderator or an admin, never on themselves, one
 * transaction that runs `apply`, then the frames it returned published after commit.
 */
export async function imposeSanction(
  { ctx, input }: { ctx: ServiceContext; input: { chatId: string; body: SanctionBody } },
  action: string,
  apply: (tx: Executor, step: SanctionStep & { userId: string }) => Promise<SanctionApplied>,
): Promise<Sanction> {
  const { userId, durationSec, reason } = input.body;
  const { sanction, frames } = await ctx.db.transaction(async (tx) => {
    requireChatModerator(await loadVisibleChat(tx, input.chatId, ctx.principal), ctx.principal, action);
    if (userId === ctx.principal.userId) throw fieldError("userId", "cannot be yourself");
    return apply(tx, {
      chatId: input.chatId,
      userId,
      actorId: ctx.principal.userId,
      until: untilOf(durationSec),
      reason: reason ?? null,
    });
  });
  await ctx.publish(input.chatId, frames, ctx.requestId);
  return sanction;
}
