import uWS from "uWebSockets.js";

/** The floor under any uWS relay: a WebSocket server that only echoes, on the same library build. */
uWS
  .App()
  .ws("/*", {
    compression: uWS.DISABLED,
    maxPayloadLength: 64 * 1024,
    message: (ws, message, isBinary) => {
      ws.send(message, isBinary);
    },
  })
  .listen("127.0.0.1", 0, (listenSocket) => {
    if (!listenSocket) process.exit(1);
    process.send?.({ type: "listening", port: uWS.us_socket_local_port(listenSocket) });
  });
process.on("disconnect", () => process.exit(0));
