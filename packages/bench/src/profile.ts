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

const TOP = 20;

/** Self time per function and per package of every .cpuprofile in `dir`, as markdown. */
export function summarizeProfiles(dir: string): string {
  if (!existsSync(dir)) return "No profiles were written.\n";
  const sections: string[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const totalSamples = profile.samples.length || 1;
    const byFunction = new Map<string, number>();
    const byPackage = new Map<string, number>();
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
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
    sections.push(
      `### ${file} (${seconds.toFixed(1)} s wall)`,
      "",
      "| self | package |",
      "|---:|---|",
      ...top(byPackage),
      "",
      "| self | function |",
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
