import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT } from "./paths";

export interface DockerStage {
  name: string;
  from: string;
  instructions: string[];
}

/** The Dockerfile's stages with their instructions, continuation lines joined and comments dropped. */
export function readDockerStages(): DockerStage[] {
  const text = readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const stages: DockerStage[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line || line.startsWith("#")) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ from: from[1] ?? "", name: from[2] ?? "", instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

/** Instructions a target really gets: its own after those of the stages it is built FROM. */
export function effectiveInstructions(stages: DockerStage[], target: string): string[] {
  const stage = stages.find((s) => s.name === target);
  if (!stage) throw new Error(`no stage ${target}`);
  const parent = stages.find((s) => s.name === stage.from);
  return [...(parent ? effectiveInstructions(stages, parent.name) : []), ...stage.instructions];
}

/** The exec-form CMD of a target as an argv array. */
export function commandOf(stages: DockerStage[], target: string): string[] {
  const cmd = effectiveInstructions(stages, target)
    .filter((i) => i.startsWith("CMD "))
    .at(-1);
  if (!cmd) throw new Error(`${target} has no CMD`);
  return JSON.parse(cmd.slice(4)) as string[];
}

/** Every environment variable name the apps read: the shared fragments plus each app's config. */
export function knownEnvNames(): Set<string> {
  const files = [
    "packages/shared/src/env/fragments.ts",
    ...["api", "realtime", "worker"].flatMap((app) => [
      `apps/${app}/src/config.ts`,
      `apps/${app}/src/env.ts`,
    ]),
  ];
  const names = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(path.join(REPO_ROOT, file), "utf8");
    } catch {
      continue;
    }
    for (const match of text.matchAll(/(?:^|[{,\s])([A-Z][A-Z0-9_]+):\s/gm))
      if (match[1]) names.add(match[1]);
  }
  return names;
}

export function readYamlDocuments(relativePath: string): unknown[] {
  const text = readFileSync(path.join(REPO_ROOT, relativePath), "utf8");
  return parseAllDocuments(text, { merge: true }).map((doc) => {
    if (doc.errors.length) throw new Error(`${relativePath}: ${doc.errors.map((e) => e.message).join("; ")}`);
    return doc.toJS();
  });
}

export const K8S_DIR = "deploy/k8s";

export function k8sFiles(): string[] {
  return readdirSync(path.join(REPO_ROOT, K8S_DIR))
    .filter((file) => file.endsWith(".yaml"))
    .sort();
}
