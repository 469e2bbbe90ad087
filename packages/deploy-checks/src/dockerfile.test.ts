import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commandOf, effectiveInstructions, readDockerStages } from "./deploy-files";
import { REPO_ROOT } from "./paths";

const stages = readDockerStages();
const APP_TARGETS = ["api", "realtime", "worker"];
const TARGETS = [...APP_TARGETS, "migrate"];

describe("Dockerfile", () => {
  it("has one target per app (api, realtime, worker) and one for migrations, all on node:20-bookworm-slim", () => {
    const names = stages.map((stage) => stage.name);
    for (const target of TARGETS) expect(names).toContain(target);
    const roots = stages.filter((stage) => !names.includes(stage.from)).map((stage) => stage.from);
    for (const root of roots) expect(root).toMatch(/^\$\{?NODE_IMAGE\}?$/);
    const dockerfile = readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
  });

  it("runs every target as the non-root node user", () => {
    for (const target of TARGETS) {
      const users = effectiveInstructions(stages, target).filter((i) => i.startsWith("USER "));
      expect(users.at(-1), target).toBe("USER node");
    }
  });

  it("gives every app target a HEALTHCHECK on its own /health port", () => {
    const portVar: Record<string, string> = {
      api: "API_PORT",
      realtime: "REALTIME_HTTP_PORT",
      worker: "WORKER_HTTP_PORT",
    };
    for (const target of APP_TARGETS) {
      const healthcheck = effectiveInstructions(stages, target).find((i) => i.startsWith("HEALTHCHECK "));
      expect(healthcheck, target).toContain(`process.env.${portVar[target]}+'/health'`);
    }
  });

  it("starts each target with a script that exists in the workspace", () => {
    const sourceDir: Record<string, string> = {
      api: "apps/api",
      realtime: "apps/realtime",
      worker: "apps/worker",
      migrate: "packages/db",
    };
    for (const target of TARGETS) {
      const argv = commandOf(stages, target);
      expect(argv[0], target).toBe("node");
      const script = argv.at(-1) ?? "";
      expect(existsSync(path.join(REPO_ROOT, sourceDir[target] ?? "", script)), `${target}: ${script}`).toBe(
        true,
      );
    }
  });

  it("copies every workspace package.json before `pnpm install --frozen-lockfile`, so the lockfile matches", () => {
    const build = stages.find((stage) => stage.name === "build")?.instructions ?? [];
    const installAt = build.findIndex((i) => i.includes("pnpm install --frozen-lockfile"));
    expect(installAt).toBeGreaterThan(0);
    const copied = build.slice(0, installAt).join("\n");
    for (const dir of ["apps", "packages"]) {
      for (const name of readdirSync(path.join(REPO_ROOT, dir))) {
        if (!existsSync(path.join(REPO_ROOT, dir, name, "package.json"))) continue;
        expect(copied, `${dir}/${name}`).toContain(`COPY ${dir}/${name}/package.json ${dir}/${name}/`);
      }
    }
    // patches/ holds the pnpm patches that pnpm-workspace.yaml names; the install fails without them.
    for (const file of ["pnpm-lock.yaml", "pnpm-workspace.yaml", "package.json", "COPY patches patches/"])
      expect(copied).toContain(file);
  });
});
