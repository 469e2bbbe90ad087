import { E2E_CHATS, E2E_MEMBERS, fixtures } from "../ids";
import type { RequestSpec } from "../load/tasks";
import type { SystemUnderTest } from "../systems";
import { type BroadcastResult, runBroadcast } from "./broadcast";
import type { BenchContext } from "./context";

/** Group chats of five, every member online; each member in turn sends to its chat at a moderate rate. */
export function runEndToEnd(system: SystemUnderTest, context: BenchContext): Promise<BroadcastResult> {
  const sockets: { userId: string; chatIds: string[] }[] = [];
  const sends: RequestSpec[] = [];
  for (let member = 0; member < E2E_MEMBERS; member += 1) {
    for (let chat = 0; chat < E2E_CHATS; chat += 1) {
      const userId = fixtures.e2eUser(chat, member);
      const chatId = fixtures.e2eChat(chat);
      sockets.push({ userId, chatIds: [chatId] });
      sends.push({ method: "POST", path: `/chats/${chatId}/messages`, userId, send: true, chatId });
    }
  }
  return runBroadcast(system, context, {
    name: "e2e",
    sockets,
    workers: 1,
    sends,
    ratePerSec: context.config.e2eRatePerSec,
    durationMs: context.config.e2eDurationMs,
  });
}
