import type { ChatType, Dispute, Message } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, eq } from "drizzle-orm";
import type { Executor } from "../client";
import { disputes, moderationActions } from "../schema";
import { toDispute } from "./mappers";
import { appendMessage } from "./messages";
import { enqueueEvent } from "./outbox";

export interface OpenDisputeInput {
  chat: { id: string; type: ChatType; orderId: string | null };
  reason: string;
  openedBy: string | null;
  source: "chat" | "marketplace";
}

/**
 * Opens the chat's dispute in the caller's transaction: the dispute row, a system message that says so,
 * the chat.dispute.opened outbox event and an audit entry. Returns null when a dispute is already open
 * (the partial unique index allows one open dispute per chat).
 */
export async function openDispute(
  tx: Executor,
  input: OpenDisputeInput,
): Promise<{ dispute: Dispute; message: Message } | null> {
  const [row] = await tx
    .insert(disputes)
    .values({
      id: newId(),
      chatId: input.chat.id,
      reason: input.reason,
      openedBy: input.openedBy,
      source: input.source,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;

  const who = input.source === "marketplace" ? "The marketplace" : "A participant";
  const { message } = await appendMessage(tx, {
    chatId: input.chat.id,
    senderId: null,
    type: "system",
    content: `${who} opened a dispute: ${input.reason}`,
  });
  await enqueueEvent(tx, "chat.dispute.opened", {
    chatId: input.chat.id,
    disputeId: row.id,
    orderId: input.chat.orderId,
    reason: input.reason,
    openedBy: input.openedBy,
    source: input.source,
  });
  await recordModerationAction(tx, {
    chatId: input.chat.id,
    actorId: input.openedBy,
    action: "dispute.opened",
    targetId: row.id,
    details: { source: input.source },
  });
  return { dispute: toDispute(row), message };
}

export async function findOpenDispute(db: Executor, chatId: string): Promise<Dispute | null> {
  const [row] = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.chatId, chatId), eq(disputes.status, "open")));
  return row ? toDispute(row) : null;
}

/** The audit trail: append-only, written in the same transaction as the action it records. */
export async function recordModerationAction(
  tx: Executor,
  input: {
    chatId: string | null;
    actorId: string | null;
    action: string;
    targetId?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(moderationActions).values({
    id: newId(),
    chatId: input.chatId,
    actorId: input.actorId,
    action: input.action,
    targetId: input.targetId ?? null,
    details: input.details ?? {},
  });
}
