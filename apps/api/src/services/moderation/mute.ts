import { findMembership, unmuteMember as liftMute } from "@chat/db/queries";
import type { Sanction, SanctionBody } from "@chat/shared/contracts";
import { fieldError } from "@chat/shared/errors";
import { loadVisibleChat } from "../access";
import type { ServiceContext } from "../context";
import { imposeSanction } from "./impose-sanction";
import { applyMute } from "./sanction-steps";
import { requireChatModerator } from "./staff";

/** The chat's moderator or an admin mutes a member: they still read, but cannot send, edit or react. */
export function muteMember(args: {
  ctx: ServiceContext;
  input: { chatId: string; body: SanctionBody };
}): Promise<Sanction> {
  return imposeSanction(args, "mute", async (tx, step) => {
    if (!(await findMembership(tx, step.chatId, step.userId))) {
      throw fieldError("userId", "must be a member of this chat");
    }
    return applyMute(tx, step);
  });
}

/** Lifts a mute (idempotent); member_unmuted goes out only when one was in force. */
export async function unmuteMember({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { chatId: string; userId: string };
}): Promise<void> {
  const lifted = await ctx.db.transaction(async (tx) => {
    requireChatModerator(await loadVisibleChat(tx, input.chatId, ctx.principal), ctx.principal, "unmute");
    return liftMute(tx, { ...input, actorId: ctx.principal.userId });
  });
  if (lifted) {
    await ctx.publish(
      input.chatId,
      [{ type: "member_unmuted", chatId: input.chatId, userId: input.userId }],
      ctx.requestId,
    );
  }
}
