import {
  type Attachment,
  EVENT_SOURCE,
  type MemberRole,
  type Message,
  type MessagePage,
  type MessageType,
  type Role,
  type SafetyCategory,
} from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, eq } from "drizzle-orm";
import { type Executor, sqlOf } from "../client";
import { type MessageRow, messages } from "../schema";
import { messageJson } from "./contract-json";
import { toMessage } from "./mappers";
import {
  type DecisionRow,
  decisionOf,
  MUTED_UNTIL_SQL,
  type WriteDecision,
  type WriteRefusal,
  writeRefusalSql,
} from "./write-rules";

export interface AppendMessageInput {
  chatId: string;
  /** A sender must be an active member; null appends a system message, which nothing refuses. */
  senderId: string | null;
  /** The sender's token role: staff may write to a completed or cancelled chat (see write-rules.ts). */
  writerRole?: Role;
  type?: MessageType;
  content: string;
  clientMessageId?: string | null;
  replyToId?: string | null;
  attachments?: Attachment[];
  /** What the safety detector found in `content`; [] when nothing. */
  flags?: SafetyCategory[];
}

export interface AppendedMessage {
  message: Message;
  /** false when clientMessageId named a message that already exists: that one is returned instead. */
  created: boolean;
}

/** A send the statement refused, with the reason it decided, so the caller can say why. */
export class AppendRefused extends Error {
  constructor(readonly decision: WriteDecision & { refusal: WriteRefusal }) {
    super(`append refused: ${decision.refusal}`);
  }
}

/*
 * One statement, so one round trip and one prepared plan: the write decision (write-rules.ts), the dedupe
 * by clientMessageId, the chat row locked for the next seq, the message, the chat's last seq and activity,
 * the sender's read mark and the outbox event. Under READ COMMITTED the lock waits for a concurrent
 * send and then sees its seq, and the chat is only updated for a message actually inserted, so a
 * concurrent duplicate clientMessageId (ON CONFLICT) leaves no gap. The bench's pgbench limit runs it too.
 */
export const APPEND_MESSAGE_SQL = `
with target as (
  select c.status, c.type, c.frozen_at is not null as frozen from chats c where c.id = $1
), member as (
  select m.role from chat_members m where m.chat_id = $1 and m.user_id = $2 and m.removed_at is null
), existing as (
  select ${messageJson("e")} as message from messages e
  where e.chat_id = $1 and e.sender_id = $2 and e.client_message_id = $3
), reply as (
  select $5::uuid is null or exists (select 1 from messages r where r.chat_id = $1 and r.id = $5) as found
), decision as (
  select case
    when $2::text is null then case when not exists (select 1 from target) then 'chat_not_found' end
    else coalesce(${writeRefusalSql({
      chatFound: "exists (select 1 from target)",
      chatStatus: "(select status from target)",
      chatType: "(select type from target)",
      chatFrozen: "(select frozen from target)",
      memberRole: "(select role from member)",
      writerRole: "$4::text",
    })}, case when not (select found from reply) then 'reply_not_found' end)
  end as refusal
), locked as (
  select c.id, c.type, c.last_seq + 1 as seq from chats c
  where c.id = $1 and exists (select 1 from decision where refusal is null) and not exists (select 1 from existing)
  for update
), inserted as (
  insert into messages (id, chat_id, seq, sender_id, type, content, client_message_id, reply_to_id, attachments, flags, created_at)
  select $6, locked.id, locked.seq, $2, $7, $8, $3, $5, $9::jsonb, $13::text[], clock_timestamp() from locked
  on conflict do nothing
  returning id, chat_id, seq, sender_id, ${messageJson("messages")} as message
), chat as (
  update chats set last_seq = inserted.seq, last_message_id = inserted.id,
    last_activity_at = greatest(chats.last_activity_at, now()), updated_at = now()
  from inserted where chats.id = inserted.chat_id
), read_mark as (
  update chat_members set last_read_seq = greatest(chat_members.last_read_seq, inserted.seq)
  from inserted where chat_members.chat_id = inserted.chat_id and chat_members.user_id = inserted.sender_id
), event as (
  insert into outbox (id, destination, routing_key, event)
  select $10, 'chat', 'chat.message.created', jsonb_build_object(
    'specversion', '1.0', 'id', $10::uuid, 'source', $11::text, 'type', 'chat.message.created',
    'time', $12::text, 'datacontenttype', 'application/json',
    'data', jsonb_build_object('chatId', locked.id, 'chatType', locked.type, 'message', inserted.message::jsonb))
  from inserted join locked on locked.id = inserted.chat_id
)
select (select message from inserted) as created, (select message from existing) as existing,
  (select refusal from decision) as refusal, (select status from target) as chat_status,
  case when (select refusal from decision) = 'muted' then ${MUTED_UNTIL_SQL} end as muted_until`;

interface AppendRow extends DecisionRow {
  created: Message | null;
  existing: Message | null;
}

/**
 * Appends a message, in the caller's transaction or as its own: allocates the chat's next seq under the
 * chat row's lock (gap-free, in commit order), moves the sender's read mark and writes the
 * chat.message.created outbox event. A repeated clientMessageId returns the first message. A write the
 * statement refuses (write-rules.ts, or a reply to a message of another chat) throws AppendRefused and
 * writes nothing.
 */
export async function appendMessage(db: Executor, input: AppendMessageInput): Promise<AppendedMessage> {
  const eventId = newId();
  const params = [
    input.chatId,
    input.senderId,
    input.clientMessageId ?? null,
    input.writerRole ?? "user",
    input.replyToId ?? null,
    newId(),
    input.type ?? "text",
    input.content,
    JSON.stringify(input.attachments ?? []),
    eventId,
    EVENT_SOURCE,
    new Date().toISOString(),
    input.flags ?? [],
  ];
  const [row] = await sqlOf(db).unsafe<AppendRow[]>(APPEND_MESSAGE_SQL, params, { prepare: true });
  if (row?.refusal) throw new AppendRefused({ ...decisionOf(row), refusal: row.refusal });
  if (row?.created) return { message: row.created, created: true };
  if (row?.existing) return { message: row.existing, created: false };
  // A concurrent send with the same clientMessageId committed after this statement's snapshot.
  const existing = await findByClientId(db, input.chatId, input.senderId ?? "", input.clientMessageId ?? "");
  if (!existing) throw new Error("message conflict without an existing message");
  return { message: toMessage(existing), created: false };
}

async function findByClientId(
  db: Executor,
  chatId: string,
  senderId: string,
  clientMessageId: string,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.chatId, chatId),
        eq(messages.senderId, senderId),
        eq(messages.clientMessageId, clientMessageId),
      ),
    );
  return row;
}

export interface MessagePageInput {
  chatId: string;
  limit: number;
  before?: number;
  after?: number;
}

/** A reader's standing in the chat, read with the page: the page is only read when `mayRead` allows. */
export interface PageReader {
  userId: string;
  /** Non-members may read too (admins). */
  readsAnyChat: boolean;
}

export interface ReaderPage extends MessagePage {
  chatFound: boolean;
  /** The reader's active membership role, null for a non-member. */
  role: MemberRole | null;
}

/*
 * Keyset pages over (chat_id, seq) in one prepared statement per direction, with the reader's
 * membership in the same round trip. `$3 < seq < $4` bounds the walk; a page is `limit + 1` rows so
 * hasMore needs no count.
 */
const pageSql = (order: "asc" | "desc") => `
select reader.chat_found, reader.role, page.message from (
  select exists (select 1 from chats where id = $1) as chat_found,
    (select role from chat_members where chat_id = $1 and user_id = $2 and removed_at is null) as role
) reader
left join lateral (
  select m.seq, ${messageJson("m")} as message from messages m
  where m.chat_id = $1 and m.seq > $3 and m.seq < $4 and reader.chat_found
    and ($2::text is null or reader.role is not null or $5::boolean)
  order by m.seq ${order} limit $6
) page on true
order by page.seq ${order}`;
const FORWARD_PAGE_SQL = pageSql("asc");
const BACKWARD_PAGE_SQL = pageSql("desc");
const MAX_SEQ = "9223372036854775807";

interface PageRow {
  chat_found: boolean;
  role: MemberRole | null;
  message: Message | null;
}

async function readPage(
  db: Executor,
  input: MessagePageInput,
  reader: PageReader | null,
): Promise<ReaderPage> {
  const forward = input.after !== undefined;
  const rows = await sqlOf(db).unsafe<PageRow[]>(
    forward ? FORWARD_PAGE_SQL : BACKWARD_PAGE_SQL,
    [
      input.chatId,
      reader?.userId ?? null,
      input.after ?? 0,
      input.before ?? MAX_SEQ,
      reader?.readsAnyChat ?? false,
      input.limit + 1,
    ],
    { prepare: true },
  );
  const messages = rows.flatMap((row) => (row.message ? [row.message] : []));
  const items = messages.slice(0, input.limit);
  if (!forward) items.reverse();
  return {
    items,
    hasMore: messages.length > input.limit,
    chatFound: rows[0]?.chat_found ?? false,
    role: rows[0]?.role ?? null,
  };
}

/**
 * Keyset pages over (chat_id, seq), always returned ascending. `after` walks forward (catch-up),
 * `before` walks back (history); with neither, the latest page. hasMore says the walk can go on.
 */
export async function listMessages(db: Executor, input: MessagePageInput): Promise<MessagePage> {
  const { items, hasMore } = await readPage(db, input, null);
  return { items, hasMore };
}

/**
 * A page as `reader` may see it: no items unless the reader is an active member or `readsAnyChat`,
 * with what the caller needs to answer why (chatFound, role).
 */
export function listMessagesAs(
  db: Executor,
  input: MessagePageInput,
  reader: PageReader,
): Promise<ReaderPage> {
  return readPage(db, input, reader);
}

export async function findMessage(
  db: Executor,
  chatId: string,
  messageId: string,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), eq(messages.id, messageId)));
  return row;
}
