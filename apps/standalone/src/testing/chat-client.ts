import { DEV_JWT_SECRET, mintToken } from "@chat/shared/auth";
import WebSocket from "ws";
import { waitFor } from "./wait-for";

/** REST calls against a running standalone process, as a client would make them. */
export function restClient(apiPort: string | number) {
  const base = `http://127.0.0.1:${apiPort}`;
  return async function call<T = Record<string, unknown>>(
    method: string,
    urlPath: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${base}${urlPath}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

export function devToken(userId: string): Promise<string> {
  return mintToken({ secret: DEV_JWT_SECRET, userId });
}

export interface TestSocket {
  frames: Array<Record<string, unknown>>;
  closeCode: Promise<number>;
  socket: WebSocket;
}

/** Opens /ws, joins the chat, and resolves once the `joined` frame arrived. */
export async function joinChat(
  realtimePort: string | number,
  token: string,
  chatId: string,
): Promise<TestSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${realtimePort}/ws?token=${token}`);
  const frames: Array<Record<string, unknown>> = [];
  const closeCode = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  socket.on("message", (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  socket.send(JSON.stringify({ type: "join_chat", chatId }));
  await waitFor(() => frames.some((f) => f.type === "joined"), { what: "joined frame" });
  return { frames, closeCode, socket };
}
