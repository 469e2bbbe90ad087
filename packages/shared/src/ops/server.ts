import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkReadiness, type ReadinessOptions } from "./readiness";

/** What /metrics needs of a prom-client Registry, without making this package depend on prom-client. */
export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

export interface OpsServerOptions extends ReadinessOptions {
  host: string;
  /** 0 picks a free port; the handle says which. */
  port: number;
  /** The variable that sets the port, named when it is already taken. */
  portVariable: string;
  registry: MetricsSource;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The realtime node's and the worker's /health (the process runs), /ready (see checkReadiness) and
 * /metrics (Prometheus). The api serves the same three on its own port through the same checkReadiness.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      return send(response, 405, { status: "method not allowed" });
    }
    if (path === "/health") return send(response, 200, { status: "ok" });
    if (path === "/ready") {
      void checkReadiness(options).then(({ httpStatus, body }) => send(response, httpStatus, body));
      return;
    }
    if (path === "/metrics") {
      options.registry.metrics().then(
        (text) => send(response, 200, text, options.registry.contentType),
        () => send(response, 500, { status: "metrics unavailable" }),
      );
      return;
    }
    send(response, 404, { status: "not found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `ops port ${options.port} is in use (another node on this host?): set ${options.portVariable} to a free port, or 0 for any`,
              { cause: error },
            )
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown, type = "application/json") {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}
