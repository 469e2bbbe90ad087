import type {
  CaseAction,
  CaseStatus,
  CaseTarget,
  ModerationCase,
  Report,
  ReportReason,
} from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { eq, sql } from "drizzle-orm";
import { type Executor, sqlOf } from "../client";
import { type ModerationCaseRow, moderationCases, type ReportRow, reports } from "../schema";
import { isoSql, messageJson } from "./contract-json";
import type { KeysetCursor } from "./keyset";
import { enqueueEvent } from "./outbox";

export interface CaseSubject {
  chatId: string;
  messageId?: string | null;
  /** The reported user; with a messageId, the message's sender. */
  userId?: string | null;
}

export interface OpenOrJoinCaseInput extends CaseSubject {
  source: "report" | "flag" | "system";
  reason?: string | null;
  /** Detector categories found on the target; they join the case's flags. */
  categories?: string[];
}

/*
 * One statement so two reports on one target at once still make one case: the partial unique index
 * admits one case per target until it closes. The evidence is only computed into a new row: the
 * target message as it stands and the 20 messages before it (the chat's latest 21 for a user or chat).
 */
const OPEN_OR_JOIN_CASE_SQL = `
insert into moderation_cases (id, target_type, chat_id, message_id, user_id, flags, evidence)
select $1, $2, $3, $4, $5, $6::text[], json_build_object(
  'takenAt', ${isoSql("now()")},
  'messages', coalesce((select json_agg(e.message order by e.seq) from (
    select m.seq, ${messageJson("m")} as message from messages m
    where m.chat_id = $3 and m.seq <= coalesce((select t.seq from messages t where t.id = $4), 9223372036854775807)
    order by m.seq desc limit 21) e), '[]'::json))
on conflict (target_type, chat_id, coalesce(message_id::text, ''), coalesce(user_id, '')) where status <> 'closed'
do update set last_reported_at = now(),
  flags = moderation_cases.flags || array(select unnest(excluded.flags) except select unnest(moderation_cases.flags))
returning id`;

/**
 * Opens the case of a target, or joins the one that is not closed yet, in the caller's transaction:
 * a report, a detector flag or an automatic penalty. Returns the case id.
 */
export async function openOrJoinCase(tx: Executor, input: OpenOrJoinCaseInput): Promise<string> {
  const target = targetTypeOf(input);
  const [row] = await sqlOf(tx).unsafe<{ id: string }[]>(OPEN_OR_JOIN_CASE_SQL, [
    newId(),
    target,
    input.chatId,
    input.messageId ?? null,
    target === "chat" ? null : (input.userId ?? null),
    input.categories ?? [],
  ]);
  if (!row) throw new Error("case upsert returned nothing");
  return row.id;
}

const targetTypeOf = (subject: CaseSubject): CaseTarget["type"] =>
  subject.messageId ? "message" : subject.userId ? "user" : "chat";

export interface CreateReportInput extends CaseSubject {
  reporterId: string;
  reason: ReportReason;
  comment?: string | null;
}

/**
 * Files a report into its target's case, with chat.report.created in the outbox. The same reporter on
 * the same target while its case is not closed gets the first report back (created = false).
 */
export async function createReport(
  tx: Executor,
  input: CreateReportInput,
): Promise<{ report: Report; created: boolean }> {
  const caseId = await openOrJoinCase(tx, { ...input, source: "report", reason: input.reason });
  const [inserted] = await tx
    .insert(reports)
    .values({
      id: newId(),
      caseId,
      chatId: input.chatId,
      reporterId: input.reporterId,
      reason: input.reason,
      comment: input.comment ?? null,
    })
    .onConflictDoNothing()
    .returning();
  const [caseRow] = await tx
    .update(moderationCases)
    .set({ reportCount: sql`${moderationCases.reportCount} + ${inserted ? 1 : 0}` })
    .where(eq(moderationCases.id, caseId))
    .returning();
  if (!caseRow) throw new Error(`case ${caseId} vanished`);
  if (!inserted) {
    const [existing] = await tx
      .select()
      .from(reports)
      .where(sql`${reports.caseId} = ${caseId} and ${reports.reporterId} = ${input.reporterId}`);
    if (!existing) throw new Error("report conflict without a report");
    return { report: toReport(existing, caseRow), created: false };
  }
  const report = toReport(inserted, caseRow);
  await enqueueEvent(tx, "chat.report.created", {
    chatId: report.chatId,
    reportId: report.id,
    caseId,
    reporterId: report.reporterId,
    reason: report.reason,
    target: report.target,
  });
  return { report, created: true };
}

export function caseTargetOf(row: ModerationCaseRow): CaseTarget {
  return {
    type: row.targetType,
    chatId: row.chatId,
    ...(row.messageId ? { messageId: row.messageId } : {}),
    ...(row.userId ? { userId: row.userId } : {}),
  };
}

function toReport(row: ReportRow, caseRow: ModerationCaseRow): Report {
  return {
    id: row.id,
    caseId: row.caseId,
    chatId: row.chatId,
    reporterId: row.reporterId,
    reason: row.reason,
    comment: row.comment,
    target: caseTargetOf(caseRow),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The case under its row lock, so claims and resolutions of one case run one at a time. */
export async function lockCase(tx: Executor, caseId: string): Promise<ModerationCaseRow | undefined> {
  const [row] = await tx.select().from(moderationCases).where(eq(moderationCases.id, caseId)).for("update");
  return row;
}

export async function assignCase(tx: Executor, caseId: string, assigneeId: string): Promise<void> {
  await tx
    .update(moderationCases)
    .set({ status: "assigned", assigneeId })
    .where(eq(moderationCases.id, caseId));
}

export async function closeCase(
  tx: Executor,
  input: { caseId: string; action: CaseAction; comment: string; resolvedBy: string },
): Promise<void> {
  await tx
    .update(moderationCases)
    .set({
      status: "closed",
      action: input.action,
      comment: input.comment,
      resolvedBy: input.resolvedBy,
      resolvedAt: sql`now()`,
    })
    .where(eq(moderationCases.id, input.caseId));
}

/** A ModerationCase from a moderation_cases row; reasons are counted from its reports, so they never disagree. */
const CASE_JSON = `json_build_object(
  'id', c.id,
  'target', json_strip_nulls(json_build_object('type', c.target_type, 'chatId', c.chat_id,
    'messageId', c.message_id, 'userId', c.user_id)),
  'reasons', coalesce((select json_object_agg(r.reason, r.n) from (
    select reason, count(*) as n from reports where case_id = c.id group by reason) r), '{}'::json),
  'reportCount', c.report_count, 'flags', to_json(c.flags),
  'firstReportedAt', ${isoSql("c.first_reported_at")}, 'lastReportedAt', ${isoSql("c.last_reported_at")},
  'status', c.status, 'assigneeId', c.assignee_id, 'evidence', c.evidence,
  'action', c.action, 'comment', c.comment, 'resolvedBy', c.resolved_by,
  'resolvedAt', ${isoSql("c.resolved_at")})`;

/*
 * The queue, keyset-paged on (first_reported_at, id): open and assigned cases oldest first, so the
 * longest-waiting is worked first; closed ones newest first.
 */
const casePageSql = (order: "asc" | "desc") => `
select ${CASE_JSON} as item from moderation_cases c
where c.status = $1 and (c.first_reported_at, c.id) ${order === "asc" ? ">" : "<"} ($2::timestamptz, $3::uuid)
order by c.first_reported_at ${order}, c.id ${order}
limit $4`;
const ASCENDING_CASES_SQL = casePageSql("asc");
const DESCENDING_CASES_SQL = casePageSql("desc");
const FIND_CASE_SQL = `select ${CASE_JSON} as item from moderation_cases c where c.id = $1`;

export async function listCases(
  db: Executor,
  input: { status: CaseStatus; limit: number; cursor: KeysetCursor | null },
): Promise<{ items: ModerationCase[]; last: KeysetCursor | null }> {
  const ascending = input.status !== "closed";
  const start = input.cursor
    ? { at: input.cursor.at.toISOString(), id: input.cursor.id }
    : ascending
      ? { at: "-infinity", id: "00000000-0000-0000-0000-000000000000" }
      : { at: "infinity", id: "ffffffff-ffff-ffff-ffff-ffffffffffff" };
  const rows = await sqlOf(db).unsafe<{ item: ModerationCase }[]>(
    ascending ? ASCENDING_CASES_SQL : DESCENDING_CASES_SQL,
    [input.status, start.at, start.id, input.limit + 1],
    { prepare: true },
  );
  const items = rows.slice(0, input.limit).map((row) => row.item);
  const last = items.at(-1);
  return {
    items,
    last: rows.length > input.limit && last ? { at: new Date(last.firstReportedAt), id: last.id } : null,
  };
}

export async function findCase(db: Executor, caseId: string): Promise<ModerationCase | null> {
  const rows = await sqlOf(db).unsafe<{ item: ModerationCase }[]>(FIND_CASE_SQL, [caseId]);
  return rows[0]?.item ?? null;
}
