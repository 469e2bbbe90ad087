import { benchConfig } from "./config";
import { startChatSvc } from "./systems";
import { runFanout } from "./workloads/fanout";

const secret = "x".repeat(40);
const shared = {
  redisUrl: "redis://127.0.0.1:6379",
  jwtSecret: secret,
  chatNodeArgs: ["--cpu-prof", "--cpu-prof-dir=/tmp/prof3"],
};
const ctx = {
  config: benchConfig("quick"),
  jwtSecret: secret,
  redisUrl: shared.redisUrl,
  log: console.log,
  runId: `p${Date.now()}`,
};
const sys = await startChatSvc("postgres://postgres@127.0.0.1:5432/chat_bench", shared);
let r;
try {
  r = await runFanout(sys, ctx, { sockets: 1000, ratePerSec: 20, durationMs: 8000 });
} catch (e) {
  console.log(String(e), sys.logs().slice(-3000));
}
console.log(JSON.stringify({ ...r, delivery: undefined, rest: undefined }));
await sys.stop();
process.exit(0);
