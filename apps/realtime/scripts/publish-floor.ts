/**
 * The floor under the relay's fan-out: a bare uWS app (same build and socket options, no JS per socket)
 * publishing a 492-byte frame to N subscribed sockets at a fixed rate, with the server's CPU per 1M
 * deliveries split into user and kernel time. Clients are `ws` sockets in two other processes.
 * Usage: tsx scripts/publish-floor.ts [sockets=1000] [messages=200] [ratePerSec=20]
 */

import uWS from "uWebSockets.js";
import { fork } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import WebSocket from "ws";

const [role, ...args] = process.argv.slice(2);

function cpuSeconds(): { user: number; sys: number } {
  const fields = (readFileSync("/proc/self/stat", "utf8").split(") ")[1] ?? "").split(" ");
  return { user: Number(fields[11]) / 100, sys: Number(fields[12]) / 100 };
}

if (role === "server") {
  const [messages, ratePerSec] = args.map(Number) as [number, number];
  const app = uWS.App().ws("/*", {
    compression: uWS.DISABLED,
    maxBackpressure: 1 << 20,
    closeOnBackpressureLimit: 1,
    idleTimeout: 60,
    sendPingsAutomatically: true,
    open: (ws) => {
      ws.subscribe("chat");
    },
  });
  app.listen("127.0.0.1", 0, (socket) => {
    process.send?.({ port: uWS.us_socket_local_port(socket) });
  });
  process.once("message", async () => {
    const frame = JSON.stringify({
      type: "new_message",
      chatId: "c".repeat(36),
      message: { body: "x".repeat(400) },
    });
    const before = cpuSeconds();
    for (let index = 0; index < messages; index++) {
      app.publish("chat", frame);
      await new Promise((resolve) => setTimeout(resolve, 1000 / ratePerSec));
    }
    const after = cpuSeconds();
    process.send?.({ user: after.user - before.user, sys: after.sys - before.sys, frameBytes: frame.length });
  });
} else if (role === "client") {
  const [port, count] = args.map(Number) as [number, number];
  const sockets: WebSocket[] = [];
  for (let index = 0; index < count; index++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    sockets.push(ws);
  }
  process.send?.("ready");
  process.on("disconnect", () => process.exit(0));
} else {
  const sockets = Number(process.argv[2] ?? 1000);
  const messages = Number(process.argv[3] ?? 200);
  const ratePerSec = Number(process.argv[4] ?? 20);
  const execArgv = ["--import", "tsx"];
  const server = fork(import.meta.filename, ["server", String(messages), String(ratePerSec)], { execArgv });
  const [{ port }] = (await once(server, "message")) as [{ port: number }];
  const clients = [0, 1].map(() =>
    fork(import.meta.filename, ["client", String(port), String(sockets / 2)], { execArgv }),
  );
  await Promise.all(clients.map((client) => once(client, "message")));
  server.send("go");
  const [cpu] = (await once(server, "message")) as [{ user: number; sys: number; frameBytes: number }];
  const perMillion = (seconds: number) => Number(((seconds / (sockets * messages)) * 1e6).toFixed(2));
  console.log(
    JSON.stringify({
      sockets,
      messages,
      ratePerSec,
      frameBytes: cpu.frameBytes,
      cpuSecPer1MDeliveries: perMillion(cpu.user + cpu.sys),
      userSecPer1M: perMillion(cpu.user),
      sysSecPer1M: perMillion(cpu.sys),
    }),
  );
  for (const child of [server, ...clients]) child.kill();
}
