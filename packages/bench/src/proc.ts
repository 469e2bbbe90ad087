import { type ChildProcess, fork, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** /proc reports CPU time in clock ticks; Linux on x86-64 uses 100 per second. */
const CLOCK_TICKS_PER_SEC = 100;

export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
}

export function readRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitForHttp(url: string, timeoutMs: number, child?: ServiceProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (child?.exited) throw new Error(`${child.name} exited before ${url} answered:\n${child.output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await sleep(200);
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (${lastError})`);
}

/** A server process the bench started; its output is kept (bounded) for error reports. */
export class ServiceProcess {
  exited = false;
  private readonly lines: string[] = [];

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.lines.push(chunk.toString());
      if (this.lines.length > 200) this.lines.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("exit", () => {
      this.exited = true;
    });
  }

  get pid(): number {
    if (!this.child.pid) throw new Error(`${this.name} has no pid`);
    return this.child.pid;
  }

  output(): string {
    return this.lines.join("").slice(-4000);
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 8000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

export function spawnNode(
  name: string,
  entry: string,
  options: { cwd: string; env: Record<string, string>; nodeArgs?: string[] },
): ServiceProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", entry], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new ServiceProcess(name, child);
}

/** Forks a TypeScript entry that reports `{type: "listening", port}` over IPC once it serves. */
export async function forkListening(
  name: string,
  entry: string,
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ service: ServiceProcess; port: number }> {
  const child = fork(entry, [], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const service = new ServiceProcess(name, child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not listen:\n${service.output()}`)), 30_000);
    child.on("message", (message: { type?: string; port?: number }) => {
      if (message.type !== "listening") return;
      clearTimeout(timer);
      resolve(Number(message.port));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${service.output()}`));
    });
  });
  return { service, port };
}

/** Runs a command to completion with a hard timeout; resolves with its stdout. */
export function runCommand(
  command: string,
  args: string[],
  options: { timeoutMs: number; env?: Record<string, string> },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    // "close", not "exit": output can still be in flight when the process has exited.
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}
