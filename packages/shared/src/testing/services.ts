import { connect } from "node:net";

export type ServiceName = "redis" | "rabbitmq";

const defaults: Record<ServiceName, { env: string; url: string }> = {
  redis: { env: "REDIS_URL", url: "redis://127.0.0.1:6379" },
  rabbitmq: { env: "RABBITMQ_URL", url: "amqp://guest:guest@127.0.0.1:5672" },
};

/**
 * The URL of a real service for tests, or null when it is unreachable on a developer machine.
 * With REQUIRE_SERVICES=1 (CI) an unreachable service fails the run instead: it is never skipped there.
 */
export async function serviceUrl(name: ServiceName): Promise<string | null> {
  const url = process.env[defaults[name].env] ?? defaults[name].url;
  if (await reachable(url)) return url;
  if (process.env.REQUIRE_SERVICES === "1") {
    throw new Error(`${name} is required (REQUIRE_SERVICES=1) but ${url} is unreachable`);
  }
  return null;
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const fallbackPort = url.startsWith("redis") ? 6379 : 5672;
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || fallbackPort) });
    socket.setTimeout(5000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
