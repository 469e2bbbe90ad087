import type { ChatStatus, Role } from "@chat/shared/contracts";
import { type Executor, sqlOf } from "../client";
import { isoSql } from "./contract-json";

/**
 * Every reason a write to a chat is refused, in the order the SQL decides them. The SQL below is the
 * only place that decides; @chat/services turns each reason into the error a caller is owed.
 */
export const WRITE_REFUSALS = [
  "chat_not_found",
  "not_member",
  "read_only",
  "frozen",
  "muted",
  "blocked",
  "reply_not_found",
] as const;
export type WriteRefusal = (typeof WRITE_REFUSALS)[number];

/** What a refused write found, so the caller can say why. */
export interface WriteDecision {
  refusal: WriteRefusal | null;
  chatStatus: ChatStatus | null;
  /** With `muted`: when the mute ends, ISO 8601; null while it lasts until lifted. */
  mutedUntil: string | null;
}

/** Roles whose members may still write to a completed or cancelled chat. */
const BYPASS_ROLES_SQL = "('moderator', 'admin')";

/**
 * Who may write to a chat, as one SQL expression: an active member, and while the chat is not open only
 * its moderator or a member with a staff role; while it is frozen only its moderator or an admin; never
 * a member whose mute is in force; in a private chat, never a member the other one blocked. Null when
 * the write is allowed. The arguments are SQL expressions over the chat's id ($1) and the writer ($2).
 */
export function writeRefusalSql(facts: {
  chatFound: string;
  chatStatus: string;
  chatType: string;
  chatFrozen: string;
  memberRole: string;
  writerRole: string;
}): string {
  return `case
    when not ${facts.chatFound} then 'chat_not_found'
    when ${facts.memberRole} is null then 'not_member'
    when ${facts.chatStatus} <> 'open' and ${facts.memberRole} <> 'moderator'
      and ${facts.writerRole} not in ${BYPASS_ROLES_SQL} then 'read_only'
    when ${facts.chatFrozen} and ${facts.memberRole} <> 'moderator' and ${facts.writerRole} <> 'admin' then 'frozen'
    when exists (${MUTE_IN_FORCE_SQL}) then 'muted'
    when ${facts.chatType} = 'private' and exists (
      select 1 from chat_members other join user_blocks b on b.blocker_id = other.user_id
      where other.chat_id = $1 and other.user_id <> $2 and b.blocked_id = $2) then 'blocked'
  end`;
}

/** The writer's mute in this chat while it is in force: an expired one simply is not. */
const MUTE_IN_FORCE_SQL =
  "select until from chat_mutes where chat_id = $1 and user_id = $2 and (until is null or until > now())";

/** When the writer's mute in force ends, as the MUTED problem reports it. */
export const MUTED_UNTIL_SQL = `(select ${isoSql("mute.until")} from (${MUTE_IN_FORCE_SQL}) mute)`;

const WRITE_DECISION_SQL = `
select ${writeRefusalSql({
  chatFound: "(c.id is not null)",
  chatStatus: "c.status",
  chatType: "c.type",
  chatFrozen: "(c.frozen_at is not null)",
  memberRole: "m.role",
  writerRole: "$3::text",
})} as refusal, c.status as chat_status, ${MUTED_UNTIL_SQL} as muted_until
from (select 1) one
left join chats c on c.id = $1
left join chat_members m on m.chat_id = c.id and m.user_id = $2 and m.removed_at is null`;

/** The write rule for a change to an existing message (edit, delete), decided the way a send decides it. */
export async function findWriteDecision(
  db: Executor,
  input: { chatId: string; userId: string; writerRole: Role },
): Promise<WriteDecision> {
  const [row] = await sqlOf(db).unsafe<DecisionRow[]>(
    WRITE_DECISION_SQL,
    [input.chatId, input.userId, input.writerRole],
    { prepare: true },
  );
  return row ? decisionOf(row) : { refusal: null, chatStatus: null, mutedUntil: null };
}

export interface DecisionRow {
  refusal: WriteRefusal | null;
  chat_status: ChatStatus | null;
  muted_until: string | null;
}

export function decisionOf(row: DecisionRow): WriteDecision {
  return { refusal: row.refusal, chatStatus: row.chat_status, mutedUntil: row.muted_until };
}
