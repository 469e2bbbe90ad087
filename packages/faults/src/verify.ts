import type { DbClient } from "@chat/db";
import { sleep } from "./processes";
import type { FaultRow } from "./report";
import type { Listener, Sender } from "./traffic";

/** Counts what was acked, stored and obtained in one chat, from PostgreSQL rather than from the apps. */
export async function verify(
  db: DbClient,
  chatId: string,
  senders: Sender[],
  listeners: Listener[],
  fault: Pick<FaultRow, "key" | "fault">,
): Promise<FaultRow> {
  const rows = await db.sql<
    { id: string; seq: number; senderId: string | null; clientMessageId: string | null }[]
  >`
    select id::text, seq::int, sender_id as "senderId", client_message_id as "clientMessageId"
    from messages where chat_id = ${chatId} order by seq`;
  const ids = new Set(rows.map((row) => row.id));
  const acked = senders.flatMap((sender) => [...sender.acked.values()]);
  const perClientId = new Map<string, number>();
  for (const row of rows) {
    if (!row.clientMessageId) continue;
    const key = `${row.senderId} ${row.clientMessageId}`;
    perClientId.set(key, (perClientId.get(key) ?? 0) + 1);
  }
  const duplicated =
    [...perClientId.values()].reduce((sum, count) => sum + count - 1, 0) +
    senders.reduce((sum, sender) => sum + sender.conflicting, 0);
  const maxSeq = rows.at(-1)?.seq ?? 0;
  const seqs = rows.map((row) => row.seq);
  const notes: string[] = [];
  const gaveUp = senders.flatMap((sender) => sender.failedForGood);
  if (gaveUp.length) notes.push(`${gaveUp.length} sends never answered`);
  const filled = listeners.reduce((sum, listener) => sum + listener.filledByRest, 0);
  if (filled) notes.push(`${filled} messages filled by seq over REST`);
  return {
    key: fault.key,
    fault: fault.fault,
    acked: acked.length,
    stored: perClientId.size,
    lost: acked.filter((message) => !ids.has(message.id)).length,
    duplicated,
    gaps: maxSeq - new Set(seqs).size,
    missed: listeners.reduce(
      (sum, listener) => sum + seqs.filter((seq) => !listener.obtained.has(seq)).length,
      0,
    ),
    doubled: listeners.reduce((sum, listener) => sum + listener.doubled, 0),
    leaked: 0,
    unrelayed: await unrelayed(db),
    recoverSec: null,
    crashed: 0,
    notes,
  };
}

/** Outbox rows the worker has not published once it had 30 s to catch up. */
async function unrelayed(db: DbClient): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await db.sql<
      { pending: number }[]
    >`select count(*)::int as pending from outbox where published_at is null`;
    const pending = row?.pending ?? 0;
    if (pending === 0 || Date.now() > deadline) return pending;
    await sleep(250);
  }
}
