import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

const TOP = 30;

/** Self time per function and per package of every .cpuprofile in `dir`, as markdown. */
export function summarizeProfiles(dir: string): string {
  if (!existsSync(dir)) return "No profiles were written.\n";
  const sections: string[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const idleHits = profile.nodes
      .filter((node) => node.callFrame.functionName === "(idle)")
      .reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
    // Shares are of the busy samples: an api that waits on PostgreSQL is mostly idle.
    const totalSamples = profile.samples.length - idleHits || 1;
    const byFunction = new Map<string, number>();
    const byPackage = new Map<string, number>();
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits || node.callFrame.functionName === "(idle)") continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url
        .replace(/^file:\/\//, "")
        .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, "");
      const key = `${functionName || "(anonymous)"} ${where.split("/").slice(-3).join("/")}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
      byPackage.set(packageOf(url, functionName), (byPackage.get(packageOf(url, functionName)) ?? 0) + hits);
    }
    const top = (map: Map<string, number>) =>
      [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP)
        .map(([key, hits]) => `| ${((hits / totalSamples) * 100).toFixed(1)}% | \`${key}\` |`);
    const seconds = (profile.endTime - profile.startTime) / 1e6;
    const app = profile.nodes
      .map((node) => /\/apps\/([^/]+)\/src\//.exec(node.callFrame.url)?.[1])
      .find(Boolean);
    sections.push(
      `### ${app ? `apps/${app}` : "a thread without app code (the tsx loader)"}: ${file}`,
      "",
      `${seconds.toFixed(1)} s wall, ${((1 - idleHits / (profile.samples.length || 1)) * 100).toFixed(1)}% of it busy; shares below are of the busy time.`,
      "",
      "| self (busy) | package |",
      "|---:|---|",
      ...top(byPackage),
      "",
      "| self (busy) | function |",
      "|---:|---|",
      ...top(byFunction),
      "",
    );
  }
  return `${sections.join("\n")}\n`;
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  if (url.startsWith("node:")) return url;
  const app = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return app ? `${app[1]}/${app[2]}` : url;
}
