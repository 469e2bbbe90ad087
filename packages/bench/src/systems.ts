import { fileURLToPath } from "node:url";
import { freePort } from "@chat/shared/testing";
import type { SocketKind } from "./load/sockets";
import { forkListening, type ServiceProcess, spawnNode, waitForHttp } from "./proc";

export type SystemName = "chat-svc" | "baseline";

/** A running stack: where its REST and sockets answer, and which processes do the work. */
export interface SystemUnderTest {
  name: SystemName;
  apiUrl: string;
  wsUrl: string;
  socketKind: SocketKind;
  /** The process that serves REST sends and history. */
  apiPid: number;
  /** The process that holds client sockets and relays messages to them. */
  relayPid: number;
  /** The tail of the system's own output, for failure reports. */
  logs(): string;
  stop(): Promise<void>;
}

export interface SharedServices {
  redisUrl: string;
  jwtSecret: string;
  /** Extra node flags for chat-svc processes, e.g. --cpu-prof. */
  chatNodeArgs?: string[];
}

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BASELINE_ENTRY = fileURLToPath(new URL("./baseline/server.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** Limits far above any offered load: the benchmark measures the send path, not the rate limiter. */
const UNLIMITED = "1000000";

/**
 * chat-svc in distributed mode: the api and realtime apps as separate processes over PostgreSQL and
 * Redis, as deployed. Logs are at warn, as for the baseline, which logs nothing per request.
 */
export async function startChatSvc(databaseUrl: string, shared: SharedServices): Promise<SystemUnderTest> {
  const [apiPort, realtimePort, realtimeHttpPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const common = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: shared.redisUrl,
    JWT_SECRET: shared.jwtSecret,
    MIGRATE_ON_START: "1",
  };
  const api = spawnNode("chat-svc api", "src/index.ts", {
    cwd: `${REPO_ROOT}/apps/api`,
    nodeArgs: shared.chatNodeArgs,
    // One api process, so the CPU read from apiPid is the api's; a cluster's workers are other pids.
    env: {
      ...common,
      API_PORT: String(apiPort),
      API_WORKERS: "1",
      SEND_RATE_PER_SEC: UNLIMITED,
      SEND_BURST: UNLIMITED,
    },
  });
  const realtime = spawnNode("chat-svc realtime", "src/index.ts", {
    cwd: `${REPO_ROOT}/apps/realtime`,
    nodeArgs: shared.chatNodeArgs,
    env: {
      ...common,
      REALTIME_PORT: String(realtimePort),
      REALTIME_HTTP_PORT: String(realtimeHttpPort),
      WS_FRAMES_PER_SEC: "1000",
    },
  });
  const services = [api, realtime];
  try {
    await waitForHttp(`http://127.0.0.1:${apiPort}/health`, START_TIMEOUT_MS, api);
    await waitForHttp(`http://127.0.0.1:${realtimeHttpPort}/health`, START_TIMEOUT_MS, realtime);
  } catch (error) {
    await stopAll(services);
    throw error;
  }
  return {
    name: "chat-svc",
    apiUrl: `http://127.0.0.1:${apiPort}`,
    wsUrl: `ws://127.0.0.1:${realtimePort}`,
    socketKind: "uws",
    apiPid: api.pid,
    relayPid: realtime.pid,
    logs: () => services.map((service) => `${service.name}:\n${service.output()}`).join("\n"),
    stop: () => stopAll(services),
  };
}

/**
 * The baseline as the Redis adapter is meant to be used: two instances of the same Express +
 * Socket.IO server. Clients send REST to one and hold their sockets on the other, so every broadcast
 * crosses Redis exactly as chat-svc's api → Redis → realtime path does.
 */
export async function startBaseline(databaseUrl: string, shared: SharedServices): Promise<SystemUnderTest> {
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: shared.redisUrl,
    JWT_SECRET: shared.jwtSecret,
    ADAPTER_KEY: `bench-sio-${process.pid}`,
    NODE_ENV: "production",
  };
  const started: ServiceProcess[] = [];
  try {
    const rest = await forkListening("baseline rest", BASELINE_ENTRY, { cwd: PACKAGE_DIR, env });
    started.push(rest.service);
    const relay = await forkListening("baseline relay", BASELINE_ENTRY, { cwd: PACKAGE_DIR, env });
    started.push(relay.service);
    await waitForHttp(`http://127.0.0.1:${rest.port}/health`, START_TIMEOUT_MS, rest.service);
    return {
      name: "baseline",
      apiUrl: `http://127.0.0.1:${rest.port}`,
      wsUrl: `http://127.0.0.1:${relay.port}`,
      socketKind: "socketio",
      apiPid: rest.service.pid,
      relayPid: relay.service.pid,
      logs: () => started.map((service) => `${service.name}:\n${service.output()}`).join("\n"),
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(services: ServiceProcess[]): Promise<void> {
  await Promise.all(services.map((service) => service.stop()));
}
