import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { type BenchMode, benchConfig } from "./config";
import { readBenchEnv } from "./env";
import { runPgbench } from "./limits/pgbench";
import { runRedisPublish } from "./limits/redis-publish";
import { runHttpHello, runUwsEcho } from "./limits/servers";
import { describeMachine } from "./machine";
import { summarizeProfiles } from "./profile";
import { renderMarkdown } from "./report";
import type { BenchResults, SystemResults } from "./results";
import { prepareDatabase } from "./seed";
import { type SystemName, type SystemUnderTest, startBaseline, startChatSvc } from "./systems";
import { runConnections } from "./workloads/connections";
import type { BenchContext } from "./workloads/context";
import { runEndToEnd } from "./workloads/e2e-latency";
import { runFanout } from "./workloads/fanout";
import { runChatList, runHistory } from "./workloads/reads";
import { runSafetyCost } from "./workloads/safety";
import { runSendThroughput } from "./workloads/send-throughput";

/**
 * `pnpm bench [--full] [--profile] [--only=safety,connections,send,e2e,fanout,history,list,limits]`: runs every
 * workload against chat-svc and the baseline in alternation, then the machine's limits, and writes
 * bench-results/<timestamp>.{json,md}.
 */
const RESULTS_DIR = fileURLToPath(new URL("../../../bench-results", import.meta.url));
const ALL = ["safety", "connections", "send", "e2e", "fanout", "history", "list", "limits"] as const;
type Part = (typeof ALL)[number];

const args = process.argv.slice(2);
const mode: BenchMode = args.includes("--full") ? "full" : "quick";
const profile = args.includes("--profile");
const onlyArg = args.find((arg) => arg.startsWith("--only="));
const parts = new Set<Part>(onlyArg ? (onlyArg.slice(7).split(",") as Part[]) : ALL);

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main() {
  const env = readBenchEnv();
  const config = benchConfig(mode);
  const stamp = new Date()
    .toISOString()
    .replaceAll(":", "-")
    .replace(/\.\d+Z$/, "Z");
  const profileDir = `${RESULTS_DIR}/profiles-${stamp}`;
  const context: BenchContext = {
    config,
    jwtSecret: env.jwtSecret,
    redisUrl: env.redisUrl,
    log,
    runId: stamp.replaceAll("-", ""),
  };
  const results: BenchResults = {
    mode,
    command: `pnpm bench ${args.join(" ")}`.trim(),
    startedAt: new Date().toISOString(),
    machine: await describeMachine(env.adminDatabaseUrl),
    loadAverage: { start: loadavg()[0] ?? 0 },
    e2eRatePerSec: config.e2eRatePerSec,
    readRatePerSec: config.readRatePerSec,
    sizes: {
      historyChatMessages: config.plan.historyChatMessages,
      historyTableMessages: config.plan.historyTableMessages,
      fanoutSockets: config.fanout.map((item) => item.sockets),
      idleSockets: config.idleSockets,
    },
    systems: { "chat-svc": { fanout: {} }, baseline: { fanout: {} } },
    limits: {},
    errors: [],
  };
  if (parts.has("safety")) {
    log("safety detector cost per message");
    results.safety = runSafetyCost(mode === "full" ? 2000 : 300);
  }
  log(`${mode} mode; preparing databases`);
  // Each mode keeps its own pair of databases, so a quick run never throws away a 10M-row full seed.
  const chatName = mode === "full" ? "chat_bench_full" : "chat_bench";
  const chatDb = await prepareDatabase(env.adminDatabaseUrl, chatName, config.plan, log);
  const baselineDb = await prepareDatabase(
    env.adminDatabaseUrl,
    `${chatName}_baseline`,
    config.plan,
    log,
    chatName,
  );

  const systems: SystemUnderTest[] = [];
  try {
    log("starting chat-svc (api + realtime) and the baseline (Express + Socket.IO, two instances)");
    const shared = {
      redisUrl: env.redisUrl,
      jwtSecret: env.jwtSecret,
      chatNodeArgs: profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    };
    for (const [name, start, url] of [
      ["chat-svc", startChatSvc, chatDb],
      ["baseline", startBaseline, baselineDb],
    ] as const) {
      try {
        systems.push(await start(url, shared));
      } catch (error) {
        results.errors.push(`${name} did not start: ${error instanceof Error ? error.message : error}`);
        log(`${name} did not start: ${error}`);
      }
    }

    let round = 0;
    const both = async (
      part: Part,
      label: string,
      run: (system: SystemUnderTest, into: SystemResults) => Promise<void>,
    ) => {
      if (!parts.has(part)) return;
      // Alternate who goes first, so neither side always runs on a warmer cache.
      const order = round++ % 2 === 0 ? systems : [...systems].reverse();
      for (const system of order) {
        log(`${label}: ${system.name}`);
        try {
          await run(system, results.systems[system.name as SystemName]);
        } catch (error) {
          results.errors.push(
            `${label} on ${system.name}: ${error instanceof Error ? error.message : error}`,
          );
          log(`${label} on ${system.name} failed: ${error}\n${system.logs().slice(-3000)}`);
        }
      }
    };
    // Idle connections first, on fresh processes: memory freed by earlier workloads would hide growth.
    await both("connections", "idle connections", async (system, into) => {
      into.connections = await runConnections(system, context);
    });
    await both("send", "send throughput", async (system, into) => {
      into.send = await runSendThroughput(system, context);
    });
    await both("e2e", "end-to-end latency", async (system, into) => {
      into.e2e = await runEndToEnd(system, context);
    });
    for (const fanout of config.fanout) {
      await both("fanout", `fan-out ${fanout.sockets}`, async (system, into) => {
        into.fanout[String(fanout.sockets)] = await runFanout(system, context, fanout);
      });
    }
    await both("history", "history pages", async (system, into) => {
      into.history = await runHistory(system, context);
    });
    await both("list", "chat list", async (system, into) => {
      into.chatList = await runChatList(system, context);
    });
  } catch (error) {
    results.errors.push(String(error instanceof Error ? error.message : error));
    log(`aborted: ${error}`);
  } finally {
    await Promise.all(systems.map((system) => system.stop()));
  }

  if (parts.has("limits")) await runLimits(results, chatDb, env.redisUrl, config);
  results.finishedAt = new Date().toISOString();
  results.loadAverage.end = loadavg()[0] ?? 0;

  mkdirSync(RESULTS_DIR, { recursive: true });
  const markdown = renderMarkdown(results);
  writeFileSync(`${RESULTS_DIR}/${stamp}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${RESULTS_DIR}/${stamp}.md`, `${markdown}\n`);
  if (profile) writeFileSync(`${RESULTS_DIR}/${stamp}-profile.md`, summarizeProfiles(profileDir));
  console.log(markdown);
  log(`results: bench-results/${stamp}.json and .md`);
}

async function runLimits(
  results: BenchResults,
  chatDb: string,
  redisUrl: string,
  config: ReturnType<typeof benchConfig>,
): Promise<void> {
  const attempt = async (label: string, run: () => Promise<void>) => {
    log(`limit: ${label}`);
    try {
      await run();
    } catch (error) {
      results.errors.push(`${label}: ${error instanceof Error ? error.message : error}`);
    }
  };
  await attempt("pgbench", async () => {
    results.limits.pgbench = await runPgbench(
      chatDb,
      config.pgbenchClients,
      Math.round(config.limitDurationMs / 1000),
    );
  });
  await attempt("redis-benchmark PUBLISH", async () => {
    results.limits.redisPublish = await runRedisPublish(
      redisUrl,
      config.redisSubscribers,
      config.redisPublishes,
    );
  });
  await attempt("uWS echo", async () => {
    results.limits.uwsEcho = await runUwsEcho(config.limitDurationMs);
  });
  await attempt("node:http hello", async () => {
    results.limits.httpHello = await runHttpHello(config.limitDurationMs);
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
