import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Task } from "./tasks";

const WORKER_ENTRY = fileURLToPath(new URL("./worker.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

interface WorkerMessage {
  type: string;
  result?: unknown;
  message?: string;
  [key: string]: unknown;
}

/** The parent's handle on one load-generating child process. */
export class LoadWorker {
  private readonly child: ChildProcess;
  private readonly inbox: WorkerMessage[] = [];
  private waiter: (() => void) | null = null;
  private exited = false;

  private constructor() {
    this.child = fork(WORKER_ENTRY, [], {
      cwd: PACKAGE_DIR,
      execArgv: ["--import", "tsx", "--max-old-space-size=4096"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (message: WorkerMessage) => {
      this.inbox.push(message);
      this.waiter?.();
    });
    this.child.on("exit", () => {
      this.exited = true;
      this.waiter?.();
    });
  }

  static start(task: Task): LoadWorker {
    const worker = new LoadWorker();
    worker.child.send({ type: "task", task });
    return worker;
  }

  post(message: { type: string; [key: string]: unknown }): void {
    this.child.send(message);
  }

  /** The next message of `type` (an `error` from the worker rejects), within `timeoutMs`. */
  async next<T = WorkerMessage>(type: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex((message) => message.type === type || message.type === "error");
      if (index >= 0) {
        const [message] = this.inbox.splice(index, 1);
        if (message?.type === "error") throw new Error(`load worker failed: ${message.message}`);
        return message as T;
      }
      if (this.exited) throw new Error(`load worker exited before sending ${type}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`load worker sent no ${type} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
  }

  /** The latest message of `type` received so far, e.g. a progress report, without consuming it. */
  latest<T = WorkerMessage>(type: string): T | undefined {
    return this.inbox.findLast((message) => message.type === type) as T | undefined;
  }

  async result<T>(timeoutMs: number): Promise<T> {
    const message = await this.next<{ result: T }>("result", timeoutMs);
    return message.result;
  }

  stop(): void {
    if (!this.exited) this.child.kill("SIGTERM");
  }
}

/** Runs one task to completion in its own process. */
export async function runTask<T>(task: Task, timeoutMs: number): Promise<T> {
  const worker = LoadWorker.start(task);
  try {
    return await worker.result<T>(timeoutMs);
  } finally {
    worker.stop();
  }
}
