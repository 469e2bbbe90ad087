import { newId } from "@chat/shared/ids";
import type { Executor } from "../client";
import { moderationActions } from "../schema";

export interface ModerationActionInput {
  chatId: string | null;
  /** null: the system did it (an automatic penalty, the marketplace). */
  actorId: string | null;
  action: string;
  targetId?: string | null;
  targetUserId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** The audit trail: append-only (a trigger refuses update and delete), written in the action's transaction. */
export async function recordModerationAction(tx: Executor, input: ModerationActionInput): Promise<void> {
  await tx.insert(moderationActions).values({
    id: newId(),
    chatId: input.chatId,
    actorId: input.actorId,
    action: input.action,
    targetId: input.targetId ?? null,
    targetUserId: input.targetUserId ?? null,
    reason: input.reason ?? null,
    details: input.details ?? {},
  });
}
