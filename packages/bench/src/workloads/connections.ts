import { fixtures } from "../ids";
import { LoadWorker } from "../load/controller";
import { readRssKb, sleep } from "../proc";
import type { SystemUnderTest } from "../systems";
import type { BenchContext } from "./context";

export interface ConnectionsResult {
  requested: number;
  connected: number;
  failed: number;
  rssBeforeKb: number;
  rssAfterKb: number;
  kbPerConnection: number;
  firstError?: string;
}

const SETTLE_MS = 3000;

/** N idle authenticated sockets, opened from two load processes: the relay's resident memory per socket. */
export async function runConnections(
  system: SystemUnderTest,
  context: BenchContext,
): Promise<ConnectionsResult> {
  const total = context.config.idleSockets;
  const userIds = Array.from({ length: total }, (_, i) => fixtures.idleUser(i));
  const halves = [userIds.slice(0, total / 2), userIds.slice(total / 2)];
  await sleep(SETTLE_MS);
  const rssBeforeKb = readRssKb(system.relayPid);
  const workers = halves.map((ids) =>
    LoadWorker.start({
      kind: "idle",
      socketKind: system.socketKind,
      wsUrl: system.wsUrl,
      jwtSecret: context.jwtSecret,
      userIds: ids,
    }),
  );
  try {
    const ready = await Promise.all(
      workers.map((worker) =>
        worker.next<{ connected: number; failed: number; firstError?: string }>("ready", 60_000 + total * 20),
      ),
    );
    await sleep(SETTLE_MS);
    const rssAfterKb = readRssKb(system.relayPid);
    const connected = ready.reduce((sum, item) => sum + item.connected, 0);
    for (const worker of workers) worker.post({ type: "release" });
    await Promise.all(workers.map((worker) => worker.result(60_000)));
    return {
      requested: total,
      connected,
      failed: ready.reduce((sum, item) => sum + item.failed, 0),
      rssBeforeKb,
      rssAfterKb,
      kbPerConnection: connected > 0 ? (rssAfterKb - rssBeforeKb) / connected : 0,
      firstError: ready.find((item) => item.firstError)?.firstError,
    };
  } finally {
    for (const worker of workers) worker.stop();
  }
}
