import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const APPS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../apps");

export type AppKind = "api" | "realtime" | "worker";

/**
 * One app as its own process, started as `pnpm start:<app>` starts it (`tsx src/index.ts` with env).
 * An exit the suite did not ask for is a crash: it is counted, and the app is started again so the run
 * goes on, as an orchestrator would.
 */
export class AppProcess {
  crashes: string[] = [];
  private child: ChildProcess | undefined;
  private expectExit = false;
  private output = "";

  constructor(
    readonly name: string,
    readonly kind: AppKind,
    /** Where /ready answers. */
    readonly readyUrl: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    this.expectExit = false;
    this.output = "";
    const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
      cwd: path.join(APPS_DIR, this.kind),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    child.once("exit", (code, signal) => {
      process.removeListener("exit", killOnExit);
      if (this.child !== child) return;
      this.child = undefined;
      if (this.expectExit) return;
      this.crashes.push(`${this.name} exited (${code ?? signal}): ${this.output.slice(-600)}`);
      setTimeout(() => this.start(), 1000);
    });
    this.child = child;
  }

  /** SIGKILL, as a node dies with its host; the suite starts it again when the fault says so. */
  async kill(): Promise<void> {
    await this.signal("SIGKILL");
  }

  async stop(): Promise<void> {
    await this.signal("SIGTERM");
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectExit = true;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await gone;
    clearTimeout(force);
  }

  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(this.readyUrl, { signal: AbortSignal.timeout(2000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready in ${timeoutMs} ms: ${this.output.slice(-1500)}`);
      await sleep(200);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
