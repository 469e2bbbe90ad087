import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errorText } from "@chat/shared/queue";
import type { Registry } from "prom-client";

export interface HttpServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** Readiness checks by name; each must resolve within the timeout. */
  checks: Record<string, () => Promise<void>>;
  checkTimeoutMs?: number;
}

/** /health (the process runs), /ready (every dependency answers, the AMQP connection included), /metrics. */
export async function startHttpServer(
  options: HttpServerOptions,
): Promise<{ port: number; close(): Promise<void> }> {
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  const server = createServer((request, response) => {
    void route(request, response).catch(() => send(response, 500, { status: "error" }));
  });

  async function route(request: IncomingMessage, response: ServerResponse) {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD")
      return send(response, 405, { status: "method not allowed" });
    if (path === "/health") return send(response, 200, { status: "ok" });
    if (path === "/ready") {
      const checks = await runChecks(options.checks, timeoutMs);
      const ready = Object.values(checks).every((value) => value === "ok");
      return send(response, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", checks });
    }
    if (path === "/metrics") {
      const body = await options.registry.metrics();
      response.writeHead(200, { "content-type": options.registry.contentType });
      response.end(body);
      return;
    }
    send(response, 404, { status: "not found" });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
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

async function runChecks(checks: Record<string, () => Promise<void>>, timeoutMs: number) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("timed out")), timeoutMs);
          }),
        ]);
        return [name, "ok"] as const;
      } catch (error) {
        return [name, errorText(error)] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
