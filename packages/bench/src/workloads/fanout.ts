import { fixtures } from "../ids";
import type { SystemUnderTest } from "../systems";
import { type BroadcastResult, runBroadcast } from "./broadcast";
import type { BenchContext } from "./context";

/** One chat with `sockets` members online; one member who holds no socket sends at a fixed rate. */
export function runFanout(
  system: SystemUnderTest,
  context: BenchContext,
  options: { sockets: number; ratePerSec: number; durationMs: number },
): Promise<BroadcastResult> {
  const chatId = fixtures.fanoutChat;
  return runBroadcast(system, context, {
    name: `fanout${options.sockets}`,
    sockets: Array.from({ length: options.sockets }, (_, i) => ({
      userId: fixtures.fanoutUser(i + 1),
      chatIds: [chatId],
    })),
    workers: 2,
    sends: [
      {
        method: "POST",
        path: `/chats/${chatId}/messages`,
        userId: fixtures.fanoutUser(0),
        send: true,
        chatId,
      },
    ],
    ratePerSec: options.ratePerSec,
    durationMs: options.durationMs,
  });
}
