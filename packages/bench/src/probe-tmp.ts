import { benchConfig } from "./config";
import { readCpuSeconds } from "./proc";
import { startBaseline, startChatSvc } from "./systems";
import { runSendStep } from "./workloads/send-throughput";

const secret = "x".repeat(40);
const shared = { redisUrl: "redis://127.0.0.1:6379", jwtSecret: secret };
const ctx = {
  config: benchConfig("quick"),
  jwtSecret: secret,
  redisUrl: shared.redisUrl,
  log: console.log,
  runId: `p${Date.now()}`,
};
for (const sys of [
  await startChatSvc("postgres://postgres@127.0.0.1:5432/chat_bench", shared),
  await startBaseline("postgres://postgres@127.0.0.1:5432/chat_bench_baseline", shared),
]) {
  for (const rate of [50, 50, 50]) {
    const c0 = readCpuSeconds(sys.apiPid);
    const step = await runSendStep(sys, ctx, rate, 4000);
    console.log(
      sys.name,
      rate,
      JSON.stringify(step.latency),
      step.achievedPerSec.toFixed(0),
      step.errors,
      "apiCpu/req ms",
      (((readCpuSeconds(sys.apiPid) - c0) / step.latency.count) * 1000).toFixed(2),
    );
  }
  await sys.stop();
}
process.exit(0);
