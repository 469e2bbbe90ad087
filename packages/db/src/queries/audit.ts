import { type AuditEntry, SYSTEM_ACTOR } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { chatMembers, moderationActions } from "../schema";
import type { KeysetCursor } from "./keyset";

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

export interface AuditFilter {
  chatId?: string;
  /** A user id, or `system` for entries without a user actor. */
  actorId?: string;
  targetUserId?: string;
  /** Only chats this user moderates (a moderator's view); absent for an admin, who sees everything. */
  moderatedBy?: string;
}

/** Audit entries newest first, keyset-paged on (created_at, id). */
export async function listAudit(
  db: Executor,
  input: AuditFilter & { limit: number; cursor: KeysetCursor | null },
): Promise<{ items: AuditEntry[]; last: KeysetCursor | null }> {
  const a = moderationActions;
  const conditions: (SQL | undefined)[] = [
    input.chatId ? eq(a.chatId, input.chatId) : undefined,
    input.actorId === SYSTEM_ACTOR
      ? isNull(a.actorId)
      : input.actorId
        ? eq(a.actorId, input.actorId)
        : undefined,
    input.targetUserId ? eq(a.targetUserId, input.targetUserId) : undefined,
    input.moderatedBy
      ? sql`exists (select 1 from ${chatMembers} where ${chatMembers.chatId} = ${a.chatId}
          and ${chatMembers.userId} = ${input.moderatedBy} and ${chatMembers.role} = 'moderator'
          and ${chatMembers.removedAt} is null)`
      : undefined,
    input.cursor
      ? sql`(${a.createdAt}, ${a.id}) < (${input.cursor.at.toISOString()}::timestamptz, ${input.cursor.id}::uuid)`
      : undefined,
  ];
  const rows = await db
    .select()
    .from(a)
    .where(and(...conditions))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((row) => ({
    id: row.id,
    chatId: row.chatId,
    action: row.action,
    actor: row.actorId ?? SYSTEM_ACTOR,
    targetId: row.targetId,
    targetUserId: row.targetUserId,
    reason: row.reason,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
  }));
  const last = rows.length > input.limit ? rows[input.limit - 1] : undefined;
  return { items, last: last ? { at: last.createdAt, id: last.id } : null };
}
