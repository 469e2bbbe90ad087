import type { ChatEntry, Conn } from "./connection";
import { cutSlowConsumer } from "./fan-out";
import { bufferedBytes, type Gateway, sendFrame, waitForDrain } from "./gateway";
import { messagePages } from "./history";

const DRAIN_TIMEOUT_MS = 10_000;

export interface ReplayTarget {
  chatId: string;
  topic: string;
  /** Whether the socket's entry is still the one this replay was started for. */
  isCurrent(conn: Conn, entry: ChatEntry): boolean;
}

/**
 * Takes a socket from `sinceSeq` to live. Frames relayed meanwhile go to the entry's buffer (the hub's
 * fan-out puts them there); (sinceSeq, upToSeq] is read from PostgreSQL outside the chat's task queue,
 * paced by the socket's drain; then `joined`, the buffer and the topic subscription happen in one
 * synchronous step, so nothing falls between and nothing repeats.
 */
export async function replayToLive(
  gateway: Gateway,
  chat: ReplayTarget,
  conn: Conn,
  entry: ChatEntry,
  upToSeq: number,
  sinceSeq?: number,
): Promise<void> {
  let recovered: boolean | undefined;
  if (sinceSeq !== undefined) {
    recovered = upToSeq - sinceSeq <= gateway.config.WS_REPLAY_LIMIT;
    if (recovered) {
      for await (const messages of messagePages(gateway.db, chat.chatId, sinceSeq, upToSeq)) {
        if (!chat.isCurrent(conn, entry)) return;
        conn.ws?.cork(() => {
          for (const message of messages) {
            sendFrame(gateway, conn, { type: "new_message", chatId: chat.chatId, message });
          }
        });
        if (bufferedBytes(conn) > gateway.config.WS_MAX_BACKPRESSURE_BYTES / 2) {
          const drained = await waitForDrain(conn, DRAIN_TIMEOUT_MS);
          if (!drained && !conn.closed) cutSlowConsumer(gateway, conn);
          if (!chat.isCurrent(conn, entry)) return;
        }
      }
    }
  }
  if (!chat.isCurrent(conn, entry)) return;
  goLive(gateway, chat, conn, entry, upToSeq, recovered);
}

function goLive(
  gateway: Gateway,
  chat: ReplayTarget,
  conn: Conn,
  entry: ChatEntry,
  lastSeq: number,
  recovered?: boolean,
): void {
  const ws = conn.ws;
  if (!ws) return;
  ws.cork(() => {
    const joined = { type: "joined", chatId: chat.chatId, lastSeq } as const;
    sendFrame(gateway, conn, recovered === undefined ? joined : { ...joined, recovered });
    for (const json of entry.buffer) sendFrame(gateway, conn, json);
    entry.buffer = [];
    if (conn.closed) return;
    entry.state = "live";
    ws.subscribe(chat.topic);
  });
}
