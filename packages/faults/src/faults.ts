import type { DbClient } from "@chat/db";
import type { Cluster } from "./cluster";
import { sleep } from "./processes";
import type { FaultRow } from "./report";
import { openRoom } from "./room";
import { Listener, Sender } from "./traffic";
import { verify } from "./verify";

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

/** Takes a dependency down for OUTAGE_MS and brings it back. */
const outage =
  (down: (cluster: Cluster) => Promise<void>, up: (cluster: Cluster) => Promise<void>): Fault["inject"] =>
  async (cluster) => {
    await down(cluster);
    await sleep(OUTAGE_MS);
    await up(cluster);
  };

export const FAULTS: Fault[] = [
  {
    key: "pg-restart",
    fault: "PostgreSQL restart",
    inject: outage(
      ({ postgres }) => postgres.stop(),
      ({ postgres }) => postgres.restart(),
    ),
  },
  {
    key: "pg-immediate",
    fault: "PostgreSQL stop -m immediate",
    inject: outage(
      ({ postgres }) => postgres.stopImmediately(),
      ({ postgres }) => postgres.restart(),
    ),
  },
  {
    key: "redis-kill",
    fault: "Redis kill -9",
    inject: outage(
      ({ redis }) => redis.kill(),
      ({ redis }) => redis.restart(),
    ),
  },
  {
    key: "rabbitmq-stop-app",
    fault: "RabbitMQ stop_app",
    inject: outage(
      ({ rabbit }) => rabbit.stopApp(),
      ({ rabbit }) => rabbit.startApp(),
    ),
  },
  { key: "kill-api", fault: "SIGKILL of an api node", inject: restartApp("api-1") },
  { key: "kill-realtime", fault: "SIGKILL of a realtime node", inject: restartApp("realtime-1") },
  { key: "kill-worker", fault: "SIGKILL of the worker", inject: restartApp("worker-1") },
];

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
