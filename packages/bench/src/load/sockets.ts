import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";

export type SocketKind = "uws" | "socketio";

export interface ReceivedMessage {
  content: string;
  senderId: string | null;
}

/** A client socket of either system, reduced to what the workloads need. */
export interface BenchSocket {
  join(chatId: string): Promise<void>;
  close(): void;
}

const JOIN_TIMEOUT_MS = 60_000;
const WANTED_FRAME_HEADS = ['{"type":"new_message"', '{"type":"joined"', '{"type":"error"'];

export function openSocket(
  kind: SocketKind,
  baseUrl: string,
  token: string,
  onMessage: (message: ReceivedMessage) => void,
): Promise<BenchSocket> {
  return kind === "uws"
    ? openChatSvcSocket(baseUrl, token, onMessage)
    : openSocketIo(baseUrl, token, onMessage);
}

function openChatSvcSocket(
  baseUrl: string,
  token: string,
  onMessage: (message: ReceivedMessage) => void,
): Promise<BenchSocket> {
  const ws = new WebSocket(`${baseUrl}/ws?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
  const pendingJoins = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  ws.on("close", (code, reason) => {
    for (const pending of pendingJoins.values()) pending.reject(new Error(`closed ${code} ${reason}`));
  });
  ws.on("message", (data: Buffer) => {
    // Presence frames (user_joined, typing...) are skipped unparsed: a join storm sends one per member.
    const head = data.toString("latin1", 0, 24);
    if (!WANTED_FRAME_HEADS.some((prefix) => head.startsWith(prefix))) return;
    const frame = JSON.parse(data.toString()) as {
      type: string;
      chatId?: string;
      message?: ReceivedMessage;
      detail?: string;
    };
    if (frame.type === "new_message" && frame.message) onMessage(frame.message);
    else if (frame.type === "joined" && frame.chatId) pendingJoins.get(frame.chatId)?.resolve();
    else if (frame.type === "error") {
      const refused = frame.chatId ? [pendingJoins.get(frame.chatId)] : [...pendingJoins.values()];
      for (const pending of refused) pending?.reject(new Error(`join refused: ${JSON.stringify(frame)}`));
    }
  });
  return new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once("open", () => {
      ws.on("error", () => {});
      resolve({
        join(chatId) {
          return new Promise<void>((resolveJoin, rejectJoin) => {
            const timer = setTimeout(() => rejectJoin(new Error("join timed out")), JOIN_TIMEOUT_MS);
            const settle = () => {
              clearTimeout(timer);
              pendingJoins.delete(chatId);
            };
            pendingJoins.set(chatId, {
              resolve: () => {
                settle();
                resolveJoin();
              },
              reject: (error) => {
                settle();
                rejectJoin(error);
              },
            });
            ws.send(JSON.stringify({ type: "join_chat", chatId }));
          });
        },
        close: () => ws.terminate(),
      });
    });
  });
}

function openSocketIo(
  baseUrl: string,
  token: string,
  onMessage: (message: ReceivedMessage) => void,
): Promise<BenchSocket> {
  const socket: Socket = io(baseUrl, {
    transports: ["websocket"],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  socket.on("new_message", (payload: { message: ReceivedMessage }) => onMessage(payload.message));
  return new Promise((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.once("connect", () => {
      resolve({
        async join(chatId) {
          const reply = (await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck("join_chat", { chatId })) as {
            error?: string;
          };
          if (reply?.error) throw new Error(`join refused: ${reply.error}`);
        },
        close: () => socket.disconnect(),
      });
    });
  });
}

/** Runs `work` over `items` with at most `parallel` in flight, so connection storms stay bounded. */
export async function forEachBounded<T>(
  items: T[],
  parallel: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
}
