import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@chat/shared/testing";

/** Variables a developer's shell or CI may set that would switch the child away from embedded mode. */
const INHERITED_OUT = [
  "DATABASE_URL",
  "REDIS_URL",
  "REDIS_CLUSTER_NODES",
  "RABBITMQ_URL",
  "JWT_SECRET",
  "AUTH_SERVICE_URL",
  "AUTH_JWKS_URL",
  "JWT_ISSUER",
  "JWT_AUDIENCE",
  "ALLOWED_ORIGINS",
  "WS_ALLOWED_ORIGINS",
];

export interface StandalonePorts {
  API_PORT: string;
  REALTIME_PORT: string;
  REALTIME_HTTP_PORT: string;
  WORKER_HTTP_PORT: string;
  EMBEDDED_PG_PORT: string;
}

/** The environment of a standalone child on free ports, with its embedded data in a fresh temp dir. */
export async function standaloneEnv(extra: NodeJS.ProcessEnv = {}): Promise<{
  env: NodeJS.ProcessEnv;
  ports: StandalonePorts;
  dataDir: string;
}> {
  const ports: StandalonePorts = {
    API_PORT: String(await freePort()),
    REALTIME_PORT: String(await freePort()),
    REALTIME_HTTP_PORT: String(await freePort()),
    WORKER_HTTP_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
  };
  const dataDir = await mkdtemp(path.join(tmpdir(), "chat-standalone-"));
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !INHERITED_OUT.includes(key)),
  );
  return {
    env: {
      ...base,
      ...ports,
      EMBEDDED_PG_DIR: dataDir,
      LOG_LEVEL: "info",
      SHUTDOWN_TIMEOUT_MS: "10000",
      ...extra,
    },
    ports,
    dataDir,
  };
}
