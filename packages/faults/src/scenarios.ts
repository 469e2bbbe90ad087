import { randomBytes } from "node:crypto";
import type { DbClient } from "@chat/db";
import { removeMembers } from "@chat/db/queries";
import { mintToken } from "@chat/shared/auth";
import type { Cluster } from "./cluster";
import { sleep } from "./processes";
import type { FaultRow } from "./report";
import { Listener, Sender } from "./traffic";

/** How long a stopped dependency stays down. */
const OUTAGE_MS = 2000;
const RECOVERY_LIMIT_MS = 60_000;

export interface Fault {
  key: string;
  fault: string;
  /** Breaks something and puts it back; resolves at the moment it is back. */
  inject(cluster: Cluster): Promise<void>;
}

const restartApp =
  (name: string): Fault["inject"] =>
  async (cluster) => {
    const app = cluster.app(name);
    await app.kill();
    app.start();
  };

export const FAULTS: Fault[] = [
  {
    key: "pg-restart",
    fault: "PostgreSQL restart",
    inject: async ({ postgres }) => {
      await postgres.stop();
      await sleep(OUTAGE_MS);
      await postgres.restart();
    },
  },
  {
    key: "pg-immediate",
    fault: "PostgreSQL stop -m immediate",
    inject: async ({ postgres }) => {
      await postgres.stopImmediately();
      await sleep(OUTAGE_MS);
      await postgres.restart();
    },
  },
  {
    key: "redis-kill",
    fault: "Redis kill -9",
    inject: async ({ redis }) => {
      await redis.kill();
      await sleep(OUTAGE_MS);
      await redis.restart();
    },
  },
  {
    key: "rabbitmq-stop-app",
    fault: "RabbitMQ stop_app",
    inject: async ({ rabbit }) => {
      await rabbit.stopApp();
      await sleep(OUTAGE_MS);
      await rabbit.startApp();
    },
  },
  { key: "kill-api", fault: "SIGKILL of an api node", inject: restartApp("api-1") },
  { key: "kill-realtime", fault: "SIGKILL of a realtime node", inject: restartApp("realtime-1") },
  { key: "kill-worker", fault: "SIGKILL of the worker", inject: restartApp("worker-1") },
];

interface Room {
  chatId: string;
  token(userId: string): Promise<string>;
  user(name: string): string;
}

/** A group chat of fresh users; the owner creates it over REST, as a client would. */
async function openRoom(cluster: Cluster, memberNames: string[]): Promise<Room> {
  const run = randomBytes(3).toString("hex");
  const user = (name: string) => `${name}-${run}`;
  const token = (userId: string) => mintToken({ secret: cluster.secret, userId, name: userId });
  const owner = user("owner");
  const answer = await fetch(`${cluster.apiUrls[0]}/chats`, {
    method: "POST",
    headers: { authorization: `Bearer ${await token(owner)}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "group", title: `faults ${run}`, memberIds: memberNames.map(user) }),
  });
  if (answer.status !== 201)
    throw new Error(`could not create the chat: ${answer.status} ${await answer.text()}`);
  const chat = (await answer.json()) as { id: string };
  return { chatId: chat.id, token, user };
}

const SENDERS = ["s1", "s2", "s3"];
const LISTENERS = ["l1", "l2", "l3", "l4"];

/** Load through one fault: three senders with retries, four listeners on two realtime nodes. */
export async function runFault(cluster: Cluster, db: DbClient, fault: Fault): Promise<FaultRow> {
  const crashesBefore = cluster.crashes().length;
  const room = await openRoom(cluster, [...SENDERS, ...LISTENERS]);
  const senders = await Promise.all(
    SENDERS.map(
      async (name) =>
        new Sender(room.user(name), await room.token(room.user(name)), room.chatId, cluster.apiUrls),
    ),
  );
  const listeners = await Promise.all(
    LISTENERS.map(
      async (name, index) =>
        new Listener(
          room.user(name),
          await room.token(room.user(name)),
          room.chatId,
          cluster.realtimeUrls,
          cluster.apiUrls,
          index,
        ),
    ),
  );
  await Promise.all(listeners.map((listener) => listener.connect()));

  let sending = true;
  const loops = senders.map(async (sender) => {
    while (sending) {
      await sender.send();
      await sleep(40);
    }
  });
  await sleep(1500);
  await fault.inject(cluster);
  const backAt = Date.now();
  const recoverSec = await recovery(cluster, senders[0] as Sender, listeners, backAt);
  await sleep(1000);
  sending = false;
  await Promise.all(loops);

  // The sentinel: a listener that holds it and everything before it missed nothing.
  const last = await (senders[1] as Sender).send();
  const settled = last
    ? await Promise.all(listeners.map((listener) => listener.holdUpTo(last.seq, 20_000)))
    : [];
  for (const listener of listeners) listener.close();
  const row = await verify(db, room.chatId, senders, listeners, fault);
  row.recoverSec = recoverSec;
  row.crashed = cluster.crashes().length - crashesBefore;
  if (settled.includes(false)) row.notes.push("a listener never got the final message");
  return row;
}

/** Seconds from `since` until every app is ready and a message sent now reaches every listener. */
async function recovery(
  cluster: Cluster,
  probe: Sender,
  listeners: Listener[],
  since: number,
): Promise<number | null> {
  const deadline = since + RECOVERY_LIMIT_MS;
  while (Date.now() < deadline) {
    const message = await probe.send(RECOVERY_LIMIT_MS);
    if (!message) return null;
    const everywhere = await Promise.all(listeners.map((listener) => listener.holdUpTo(message.seq, 1000)));
    if (everywhere.every(Boolean)) {
      await cluster.ready().catch(() => undefined);
      return (Date.now() - since) / 1000;
    }
  }
  return null;
}

async function verify(
  db: DbClient,
  chatId: string,
  senders: Sender[],
  listeners: Listener[],
  fault: Pick<Fault, "key" | "fault">,
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

const MEMBER_REMOVED: Pick<Fault, "key" | "fault"> = {
  key: "lost-member-removed",
  fault: "a lost member_removed frame",
};

export { MEMBER_REMOVED };

/**
 * A member is removed the way the api removes one, but its member_removed frame never reaches the bus.
 * Their open socket must stop receiving the chat within the bounded membership re-check, and for good.
 */
export async function runLostMemberRemoved(cluster: Cluster, db: DbClient): Promise<FaultRow> {
  const crashesBefore = cluster.crashes().length;
  const room = await openRoom(cluster, ["witness", "victim"]);
  const owner = room.user("owner");
  const sender = new Sender(owner, await room.token(owner), room.chatId, cluster.apiUrls);
  const listener = async (name: string) =>
    new Listener(
      room.user(name),
      await room.token(room.user(name)),
      room.chatId,
      cluster.realtimeUrls,
      cluster.apiUrls,
      0,
    );
  const witness = await listener("witness");
  const victim = await listener("victim");
  await Promise.all([witness.connect(), victim.connect()]);
  const first = await sender.send();
  if (first) await Promise.all([witness.holdUpTo(first.seq, 10_000), victim.holdUpTo(first.seq, 10_000)]);

  await removeMembers(db.db, room.chatId, [room.user("victim")]);
  const removedAt = Date.now();
  let leakedBefore = 0;
  let leakedAfter = 0;
  let cleanSince: number | null = null;
  let cleanProbes = 0;
  while (Date.now() - removedAt < 45_000 && cleanProbes < 5) {
    const message = await sender.send();
    if (!message) break;
    await witness.holdUpTo(message.seq, 10_000);
    // Same node, same relay pass: once the victim answered a later ping, a delivery would have come first.
    await victim.roundTrip();
    if (victim.obtained.has(message.seq)) {
      if (cleanSince === null) leakedBefore++;
      else leakedAfter++;
    } else {
      cleanSince ??= Date.now();
      cleanProbes++;
    }
    await sleep(300);
  }
  witness.close();
  victim.close();
  const row = await verify(db, room.chatId, [sender], [witness], MEMBER_REMOVED);
  row.recoverSec = cleanProbes >= 5 && cleanSince !== null ? (cleanSince - removedAt) / 1000 : null;
  row.leaked = leakedAfter + (row.recoverSec === null ? leakedBefore : 0);
  row.crashed = cluster.crashes().length - crashesBefore;
  if (leakedBefore) row.notes.push(`${leakedBefore} messages reached the removed member before the re-check`);
  return row;
}
