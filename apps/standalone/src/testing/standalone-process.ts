import path from "node:path";
import { REPO_ROOT } from "../paths";
import { type RunningProcess, startProcess } from "./child-process";
import { waitFor } from "./wait-for";

/** Starts `apps/standalone/src/index.ts` as its own process and waits until it prints its banner. */
export async function startStandaloneProcess(env: NodeJS.ProcessEnv): Promise<RunningProcess> {
  const running = startProcess(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: path.join(REPO_ROOT, "apps/standalone"),
    env,
  });
  await waitFor(() => running.output().includes("chat-svc is running") || running.child.exitCode !== null, {
    timeoutMs: 90_000,
    what: "the standalone banner",
  });
  if (running.child.exitCode !== null) throw new Error(`standalone exited early:\n${running.output()}`);
  return running;
}
