import type { DbClient } from "@chat/db";
import { removeMembers } from "@chat/db/queries";
import type { Cluster } from "./cluster";
import { sleep } from "./processes";
import type { FaultRow } from "./report";
import { openRoom } from "./room";
import { Listener, Sender } from "./traffic";
import { verify } from "./verify";

export const MEMBER_REMOVED: Pick<FaultRow, "key" | "fault"> = {
  key: "lost-member-removed",
  fault: "a lost member_removed frame",
};

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
