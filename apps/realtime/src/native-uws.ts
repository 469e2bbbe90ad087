import uWS from "uWebSockets.js";

export const SUPPORTED_RUNTIMES =
  "Node.js 16, 18 or 20 on linux (x64, arm64, arm), macOS (x64, arm64) or Windows x64";

/**
 * uWebSockets.js ships native builds for a few Node ABIs only, and on any other runtime (or with
 * UWS_USE_FALLBACK) it loads a pure-JS fallback with a warning: sockets then hang while /ready says 200.
 * A realtime node refuses to start on it instead. `app` is the App factory that was loaded.
 */
export function assertNativeUws(app: unknown = uWS.App, runtime = process.version): void {
  if (typeof app === "function" && String(app).includes("[native code]")) return;
  throw new Error(
    `uWebSockets.js has no native build for this runtime (Node.js ${runtime}, ${process.platform}-${process.arch}) ` +
      `and would fall back to a JS implementation whose sockets hang; the realtime node runs on ${SUPPORTED_RUNTIMES}` +
      " (and without UWS_USE_FALLBACK)",
  );
}
