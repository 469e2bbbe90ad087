import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./ports";

const run = promisify(execFile);
// The wrapper in /usr/sbin switches to user rabbitmq when root; the scripts behind it run as the caller.
const BIN = existsSync("/usr/lib/rabbitmq/bin/rabbitmq-server") ? "/usr/lib/rabbitmq/bin" : "";
const tool = (name: string) => (BIN ? path.join(BIN, name) : name);

/** rabbitmq-server is installed here (CI installs it; a developer machine may not have it). */
export function rabbitMqInstalled(): boolean {
  return (
    Boolean(BIN) ||
    (process.env.PATH ?? "").split(":").some((dir) => existsSync(path.join(dir, "rabbitmq-server")))
  );
}

export interface PrivateRabbitMq {
  url: string;
  /** `rabbitmqctl stop_app`: the node stays, the broker goes (connections drop, durable state is kept). */
  stopApp(): Promise<void>;
  startApp(): Promise<void>;
  /** Stops the node and deletes its directory, queues and all. */
  dispose(): Promise<void>;
  /** The node's process exited by itself. */
  exited(): boolean;
}

/**
 * A RabbitMQ node of its own (its own name, AMQP and distribution ports, data, logs and no plugins), for
 * tests that stop the broker: a developer's shared broker on 5672 is never touched. Takes ~10 s to boot.
 */
export async function startPrivateRabbitMq(): Promise<PrivateRabbitMq> {
  const dir = await mkdtemp(path.join(tmpdir(), "chat-svc-rabbit-"));
  await writeFile(path.join(dir, "enabled_plugins"), "[].\n");
  const port = await freePort();
  const node = `chat-svc-${process.pid}-${port}@localhost`;
  const env = {
    ...process.env,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(await freePort()),
    RABBITMQ_MNESIA_BASE: path.join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: path.join(dir, "log"),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, "enabled_plugins"),
    RABBITMQ_PID_FILE: path.join(dir, "pid"),
    RABBITMQ_CONFIG_FILE: path.join(dir, "rabbitmq"),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, "advanced.config"),
  };
  const ctl = (...args: string[]) =>
    run(tool("rabbitmqctl"), ["-n", node, "-q", ...args], { env, timeout: 120_000 });
  const server: ChildProcess = spawn(tool("rabbitmq-server"), [], { env, stdio: "ignore" });
  const stopOnExit = () => server.kill("SIGKILL");
  process.once("exit", stopOnExit);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`private RabbitMQ ${node} exited while booting; logs in ${dir}/log`);
    try {
      await ctl("await_startup");
      break;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`private RabbitMQ ${node} did not boot in 120 s`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    async stopApp() {
      await ctl("stop_app");
    },
    async startApp() {
      await ctl("start_app");
      await ctl("await_startup");
    },
    async dispose() {
      process.removeListener("exit", stopOnExit);
      if (server.exitCode === null) {
        const gone = new Promise((resolve) => server.once("exit", resolve));
        await ctl("stop").catch(() => server.kill("SIGKILL"));
        await gone;
      }
      await rm(dir, { recursive: true, force: true });
    },
    exited: () => server.exitCode !== null || server.signalCode !== null,
  };
}
