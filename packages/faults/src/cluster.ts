import { randomBytes } from "node:crypto";
import { type OwnPostgres, startOwnPostgres } from "@chat/db/testing/own-postgres";
import {
  freePort,
  type PrivateRabbitMq,
  type PrivateRedis,
  startPrivateRabbitMq,
  startPrivateRedis,
} from "@chat/shared/testing";
import { type AppKind, AppProcess } from "./processes";

export interface Cluster {
  postgres: OwnPostgres;
  redis: PrivateRedis;
  rabbit: PrivateRabbitMq;
  secret: string;
  apps: AppProcess[];
  apiUrls: string[];
  realtimeUrls: string[];
  app(name: string): AppProcess;
  crashes(): string[];
  ready(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * PostgreSQL, Redis and RabbitMQ of the suite's own (never the shared ones), and two api nodes, two
 * realtime nodes and a worker as processes on free loopback ports.
 */
export async function startCluster(): Promise<Cluster> {
  const [postgres, redis, rabbit] = await Promise.all([
    startOwnPostgres(),
    startPrivateRedis(),
    startPrivateRabbitMq(),
  ]);
  const secret = randomBytes(32).toString("hex");
  const common = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    DATABASE_URL: postgres.url,
    DATABASE_POOL_MAX: "5",
    REDIS_URL: redis.url,
    RABBITMQ_URL: rabbit.url,
    JWT_SECRET: secret,
    SHUTDOWN_TIMEOUT_MS: "5000",
    // The suite's load is the clients' load: the per-user limits are not what it tests.
    SEND_RATE_PER_SEC: "10000",
    SEND_BURST: "10000",
    WS_FRAMES_PER_SEC: "10000",
    // The bounded membership re-check that catches a lost member_removed frame (30 s by default).
    MEMBERSHIP_RECHECK_MS: "3000",
  };
  const apps: AppProcess[] = [];
  const apiUrls: string[] = [];
  const realtimeUrls: string[] = [];
  const add = async (kind: AppKind, name: string) => {
    const port = await freePort();
    const httpPort = kind === "api" ? port : await freePort();
    const env: Record<string, string> = { ...common, INSTANCE_ID: name };
    if (kind === "api") {
      env.API_PORT = String(port);
      // A replica is one process here: the suite kills and restarts it by pid.
      env.API_WORKERS = "1";
      apiUrls.push(`http://127.0.0.1:${port}`);
    } else if (kind === "realtime") {
      env.REALTIME_PORT = String(port);
      env.REALTIME_HTTP_PORT = String(httpPort);
      realtimeUrls.push(`ws://127.0.0.1:${port}`);
    } else {
      env.WORKER_HTTP_PORT = String(httpPort);
    }
    apps.push(new AppProcess(name, kind, `http://127.0.0.1:${httpPort}/ready`, env));
  };
  await add("worker", "worker-1");
  await add("realtime", "realtime-1");
  await add("realtime", "realtime-2");
  await add("api", "api-1");
  await add("api", "api-2");
  for (const app of apps) app.start();

  const cluster: Cluster = {
    postgres,
    redis,
    rabbit,
    secret,
    apps,
    apiUrls,
    realtimeUrls,
    app(name) {
      const found = apps.find((candidate) => candidate.name === name);
      if (!found) throw new Error(`no app ${name}`);
      return found;
    },
    crashes: () => apps.flatMap((app) => app.crashes),
    async ready() {
      await Promise.all(apps.map((app) => app.ready()));
    },
    async dispose() {
      await Promise.all(apps.map((app) => app.stop()));
      await Promise.all([postgres.dispose(), redis.dispose(), rabbit.dispose()]);
    },
  };
  await cluster.ready();
  return cluster;
}
