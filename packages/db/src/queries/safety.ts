import type { ChatType, ModerationRule, RuleAction, RuleKind, SafetyCategory } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, asc, count, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "../client";
import {
  type ModerationRuleRow,
  moderationRules,
  moderationRulesVersion,
  safetyFlags,
  safetyWarnings,
} from "../schema";

export function toRule(row: ModerationRuleRow): ModerationRule {
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    action: row.action,
    chatTypes: (row.chatTypes as ChatType[] | null) ?? null,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listRules(db: Executor): Promise<ModerationRule[]> {
  const rows = await db
    .select()
    .from(moderationRules)
    .orderBy(asc(moderationRules.createdAt), asc(moderationRules.id));
  return rows.map(toRule);
}

/** The rules' version: 0 before any change; every create and delete raises it in its own transaction. */
export async function rulesVersion(db: Executor): Promise<number> {
  const [row] = await db.select({ version: moderationRulesVersion.version }).from(moderationRulesVersion);
  return row?.version ?? 0;
}

async function bumpRulesVersion(tx: Executor): Promise<void> {
  await tx
    .insert(moderationRulesVersion)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({
      target: moderationRulesVersion.id,
      set: { version: sql`${moderationRulesVersion.version} + 1` },
    });
}

export async function createRule(
  tx: Executor,
  input: {
    kind: RuleKind;
    value: string;
    action: RuleAction;
    chatTypes: ChatType[] | null;
    note: string | null;
    createdBy: string;
  },
): Promise<ModerationRule> {
  const [row] = await tx
    .insert(moderationRules)
    .values({ id: newId(), ...input })
    .returning();
  if (!row) throw new Error("rule insert returned nothing");
  await bumpRulesVersion(tx);
  return toRule(row);
}

/** Deletes the rule; null when there was none. */
export async function deleteRule(tx: Executor, id: string): Promise<ModerationRule | null> {
  const [row] = await tx.delete(moderationRules).where(eq(moderationRules.id, id)).returning();
  if (!row) return null;
  await bumpRulesVersion(tx);
  return toRule(row);
}

/** Records a message the policy flagged or masked; returns how many the sender has in this chat within 24 h. */
export async function recordSafetyFlag(
  tx: Executor,
  input: {
    chatId: string;
    messageId: string;
    senderId: string;
    categories: SafetyCategory[];
    ruleIds: string[];
    action: "mask" | "flag";
  },
): Promise<number> {
  await tx.insert(safetyFlags).values({ id: newId(), ...input });
  const [row] = await tx
    .select({ flagged: count() })
    .from(safetyFlags)
    .where(
      and(
        eq(safetyFlags.chatId, input.chatId),
        eq(safetyFlags.senderId, input.senderId),
        gt(safetyFlags.createdAt, sql`now() - interval '24 hours'`),
      ),
    );
  return row?.flagged ?? 0;
}

/**
 * Takes the chat's off-platform warning slot: true when the chat had no warning in the last `intervalSec`
 * seconds (and now has one), false otherwise. The row lock makes two concurrent sends warn once.
 */
export async function claimSafetyWarning(
  tx: Executor,
  chatId: string,
  intervalSec: number,
): Promise<boolean> {
  const rows = await tx
    .insert(safetyWarnings)
    .values({ chatId, warnedAt: sql`now()` })
    .onConflictDoUpdate({
      target: safetyWarnings.chatId,
      set: { warnedAt: sql`now()` },
      setWhere: sql`${safetyWarnings.warnedAt} <= now() - make_interval(secs => ${intervalSec})`,
    })
    .returning({ chatId: safetyWarnings.chatId });
  return rows.length > 0;
}
