import { type ChildProcess, spawn } from "node:child_process";

export interface RunningProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** Sends the signal and waits for the exit; SIGKILLs after `killAfterMs` so a test never hangs. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number | string>;
}

export function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; detached?: boolean },
): RunningProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  // "close", not "exit": it waits until every process holding the output pipes (pnpm's and tsx's children
  // too) is gone, so a stop resolves only once the app has written its last line.
  const exited = new Promise<number | string>((resolve) => {
    child.once("close", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  let closed = false;
  void exited.then(() => {
    closed = true;
  });
  // A detached group is signalled even after its leader exited: its children may still hold the pipes.
  const signalTarget = (signal: NodeJS.Signals) => {
    if (closed || !child.pid) return;
    if (!options.detached) {
      child.kill(signal);
      return;
    }
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the whole group is already gone
    }
  };
  return {
    child,
    output: () => output,
    exited,
    async stop(signal = "SIGTERM", killAfterMs = 30_000) {
      signalTarget(signal);
      const timer = setTimeout(() => signalTarget("SIGKILL"), killAfterMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
