import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { freePort } from "./ports";

const run = promisify(execFile);

export interface RedisCluster {
  /** host:port of every master, the form REDIS_CLUSTER_NODES takes. */
  nodes: string[];
  /** SIGKILL one master, then start it again from its cluster config file (same id, same slots). */
  restartMaster(node: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A cluster of the test's own, or null on a machine without redis-server. Under REQUIRE_SERVICES=1 (CI)
 * a cluster that cannot start fails the run: it is never skipped there.
 */
export async function startTestRedisCluster(): Promise<RedisCluster | null> {
  return startRedisCluster().catch((error: unknown) => {
    if (process.env.REQUIRE_SERVICES === "1") throw error;
    return null;
  });
}

/** A 3-master, no-replica Redis Cluster of its own on free ports, in a temp dir, for tests that need one. */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), "redis-cluster-"));
  const servers = new Map<number, ChildProcess>();
  const ports: number[] = [];
  while (ports.length < masters) {
    const port = await freePort();
    // The cluster bus listens on port + 10000, which must exist and be free too.
    if (port < 55_000 && !ports.includes(port) && (await isFree(port + 10_000))) ports.push(port);
  }
  const start = async (port: number) => {
    const server = spawn(
      "redis-server",
      [
        ...["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        ...["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`],
        ...["--cluster-node-timeout", "5000", "--dir", dir],
      ],
      { stdio: "ignore" },
    );
    servers.set(port, server);
    await waitFor(() => ping(port), `redis-server on ${port} did not start`);
  };
  const kill = async (port: number) => {
    const server = servers.get(port);
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const gone = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGKILL");
    await gone;
  };
  const stopOnExit = () => {
    for (const server of servers.values()) server.kill("SIGKILL");
  };
  process.once("exit", stopOnExit);
  const nodes = ports.map((port) => `127.0.0.1:${port}`);
  const dispose = async () => {
    process.removeListener("exit", stopOnExit);
    await Promise.all(ports.map(kill));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(ports.map(start));
    await run("redis-cli", ["--cluster", "create", ...nodes, "--cluster-replicas", "0", "--cluster-yes"]);
    await Promise.all(ports.map((port) => waitFor(() => clusterOk(port), `cluster on ${port} is not ok`)));
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    nodes,
    async restartMaster(node) {
      const port = Number(node.split(":")[1]);
      await kill(port);
      await start(port);
      await waitFor(() => clusterOk(port), `cluster on ${port} is not ok after restart`);
    },
    dispose,
  };
}

async function waitFor(condition: () => Promise<boolean>, message: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ask(port: number, ...command: string[]): Promise<string> {
  const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return String(await client.call(command[0]!, ...command.slice(1)));
  } catch {
    return "";
  } finally {
    client.disconnect();
  }
}

const ping = async (port: number) => (await ask(port, "PING")) === "PONG";
const clusterOk = async (port: number) => (await ask(port, "CLUSTER", "INFO")).includes("cluster_state:ok");

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
