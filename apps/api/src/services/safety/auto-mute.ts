import type { Executor } from "@chat/db";
import { findMuteInForce, muteMember, openOrJoinCase } from "@chat/db/queries";
import type { SafetyCategory, ServerFrame } from "@chat/shared/contracts";

/** DESIGN.md: three flagged messages from one user in one chat within 24 hours mute them there for an hour. */
const FLAGS_BEFORE_MUTE = 3;
const MUTE_SEC = 3600;
const REASON = "three flagged messages within 24 hours";

/**
 * The automatic penalty, in the flag's transaction: the system (actor null) mutes the sender for an hour
 * and opens a case on them. A sender already muted is left as they are, so a fourth flag does not extend it.
 */
export async function penalizeRepeatFlags(
  tx: Executor,
  input: { chatId: string; senderId: string; flaggedIn24h: number; categories: SafetyCategory[] },
): Promise<ServerFrame[]> {
  const { chatId, senderId } = input;
  if (input.flaggedIn24h < FLAGS_BEFORE_MUTE) return [];
  if (await findMuteInForce(tx, chatId, senderId)) return [];
  const mute = await muteMember(tx, {
    chatId,
    userId: senderId,
    until: new Date(Date.now() + MUTE_SEC * 1000),
    actorId: null,
    reason: REASON,
  });
  await openOrJoinCase(tx, {
    chatId,
    userId: senderId,
    source: "system",
    reason: REASON,
    categories: input.categories,
  });
  return [{ type: "member_muted", chatId, userId: senderId, until: mute.until }];
}
