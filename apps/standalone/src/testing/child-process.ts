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
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  const signalTarget = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    if (options.detached) process.kill(-child.pid, signal);
    else child.kill(signal);
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
