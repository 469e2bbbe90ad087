import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

export interface HealthServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** Each check throws when its dependency is unreachable. */
  checks: Record<string, () => Promise<void>>;
  isDraining: () => boolean;
}

const CHECK_TIMEOUT_MS = 2000;

/** /health (the process runs), /ready (dependencies answer, not draining), /metrics (Prometheus). */
export async function startHealthServer(
  options: HealthServerOptions,
): Promise<{ port: number; server: Server }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const reply = (status: number, body: string, type = "application/json") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method !== "GET") return reply(405, JSON.stringify({ status: "method not allowed" }));
    if (path === "/health") return reply(200, JSON.stringify({ status: "ok" }));
    if (path === "/metrics") {
      options.registry.metrics().then(
        (text) => reply(200, text, options.registry.contentType),
        () => reply(500, ""),
      );
      return;
    }
    if (path === "/ready") {
      void readiness(options).then((result) => reply(result.ready ? 200 : 503, JSON.stringify(result)));
      return;
    }
    reply(404, JSON.stringify({ status: "not found" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : options.port, server };
}

async function readiness(options: HealthServerOptions) {
  const entries = await Promise.all(
    Object.entries(options.checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS);
        return [name, "ok"] as const;
      } catch {
        return [name, "down"] as const;
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  const draining = options.isDraining();
  const ready = !draining && entries.every(([, state]) => state === "ok");
  return { ready, draining, checks };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
