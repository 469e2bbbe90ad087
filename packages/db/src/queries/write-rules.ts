import type { ChatStatus, Role } from "@chat/shared/contracts";
import { type Executor, sqlOf } from "../client";

/**
 * Every reason a write to a chat is refused, in the order the SQL decides them. The SQL below is the
 * only place that decides; @chat/services turns each reason into the error a caller is owed.
 */
export const WRITE_REFUSALS = ["chat_not_found", "not_member", "read_only", "reply_not_found"] as const;
export type WriteRefusal = (typeof WRITE_REFUSALS)[number];

/** What a refused write found, so the caller can say why. */
export interface WriteDecision {
  refusal: WriteRefusal | null;
  chatStatus: ChatStatus | null;
}

/** Roles whose members may still write to a completed or cancelled chat. */
const BYPASS_ROLES_SQL = "('moderator', 'admin')";

/**
 * Who may write to a chat, as one SQL expression: an active member, and while the chat is not open only
 * its moderator or a member with a staff role. Null when the write is allowed. The arguments are SQL
 * expressions for whether the chat exists, its status, the writer's member role (null for none) and the
 * writer's token role.
 */
export function writeRefusalSql(facts: {
  chatFound: string;
  chatStatus: string;
  memberRole: string;
  writerRole: string;
}): string {
  return `case
    when not ${facts.chatFound} then 'chat_not_found'
    when ${facts.memberRole} is null then 'not_member'
    when ${facts.chatStatus} <> 'open' and ${facts.memberRole} <> 'moderator'
      and ${facts.writerRole} not in ${BYPASS_ROLES_SQL} then 'read_only'
  end`;
}

const WRITE_DECISION_SQL = `
select ${writeRefusalSql({
  chatFound: "(c.id is not null)",
  chatStatus: "c.status",
  memberRole: "m.role",
  writerRole: "$3::text",
})} as refusal, c.status as chat_status
from (select 1) one
left join chats c on c.id = $1
left join chat_members m on m.chat_id = c.id and m.user_id = $2 and m.removed_at is null`;

/** The write rule for a change to an existing message (edit, delete), decided the way a send decides it. */
export async function findWriteDecision(
  db: Executor,
  input: { chatId: string; userId: string; writerRole: Role },
): Promise<WriteDecision> {
  const [row] = await sqlOf(db).unsafe<{ refusal: WriteRefusal | null; chat_status: ChatStatus | null }[]>(
    WRITE_DECISION_SQL,
    [input.chatId, input.userId, input.writerRole],
    { prepare: true },
  );
  return { refusal: row?.refusal ?? null, chatStatus: row?.chat_status ?? null };
}
