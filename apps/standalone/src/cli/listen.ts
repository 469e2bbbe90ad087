import { parseArgs } from "node:util";
import { loadEnvOrExit } from "@chat/shared/env";
import WebSocket from "ws";
import { ListenEnv } from "./listen-env";

const USAGE =
  "usage: pnpm --filter @chat/standalone listen <token> <chatId> [--messages N] [--timeout-sec S]\n";

/**
 * A tiny WebSocket client for the walkthrough: joins one chat from seq 0 (so nothing sent before the
 * join is missed), prints every frame as a JSON line, and exits 0 after N `new_message` frames.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { messages: { type: "string" }, "timeout-sec": { type: "string", default: "60" } },
});
const [token, chatId] = positionals;
const wantedMessages = values.messages === undefined ? Number.POSITIVE_INFINITY : Number(values.messages);
const timeoutSec = Number(values["timeout-sec"]);
if (!token || !chatId || Number.isNaN(wantedMessages) || !(timeoutSec > 0)) {
  process.stderr.write(USAGE);
  process.exit(2);
}

const env = loadEnvOrExit(ListenEnv, process.env);
const base = env.REALTIME_URL ?? `ws://localhost:${env.REALTIME_PORT}`;
const socket = new WebSocket(`${base}/ws?token=${encodeURIComponent(token)}`);
let received = 0;

if (Number.isFinite(wantedMessages)) {
  setTimeout(() => {
    process.stderr.write(`timed out after ${timeoutSec}s with ${received} message(s)\n`);
    process.exit(1);
  }, timeoutSec * 1000).unref();
}

socket.on("open", () => socket.send(JSON.stringify({ type: "join_chat", chatId, sinceSeq: 0 })));
socket.on("message", (data) => {
  const text = data.toString();
  process.stdout.write(`${text}\n`);
  if ((JSON.parse(text) as { type?: string }).type === "new_message") received++;
  if (received >= wantedMessages) socket.close(1000);
});
socket.on("close", (code) => {
  if (received >= wantedMessages) process.exit(0);
  process.stderr.write(`socket closed (${code})\n`);
  process.exit(1);
});
socket.on("error", (error) => {
  process.stderr.write(`socket error: ${error.message}\n`);
  process.exit(1);
});
