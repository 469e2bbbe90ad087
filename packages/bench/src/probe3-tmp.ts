import { mintToken } from "@chat/shared/auth";
import { fixtures } from "./ids";
import { forEachBounded, openSocket } from "./load/sockets";
import { startChatSvc } from "./systems";

const secret = "x".repeat(40);
const sys = await startChatSvc("postgres://postgres@127.0.0.1:5432/chat_bench", {
  redisUrl: "redis://127.0.0.1:6379",
  jwtSecret: secret,
});
const n = Number(process.argv[2] ?? 300);
const t0 = performance.now();
let joined = 0;
let failed = 0;
const errs = new Set<string>();
const ids = Array.from({ length: n }, (_, i) => i + 1);
const timer = setInterval(
  () =>
    console.log(
      "t",
      ((performance.now() - t0) / 1000).toFixed(1),
      "joined",
      joined,
      "failed",
      failed,
      [...errs].join("|").slice(0, 300),
    ),
  2000,
);
await forEachBounded(ids, 64, async (i) => {
  try {
    const token = await mintToken({ secret, userId: fixtures.fanoutUser(i) });
    const s = await openSocket("uws", sys.wsUrl, token, () => {});
    await s.join(fixtures.fanoutChat);
    joined++;
  } catch (e) {
    failed++;
    errs.add(String(e));
  }
});
clearInterval(timer);
console.log("done", ((performance.now() - t0) / 1000).toFixed(1), joined, failed, [...errs]);
await sys.stop();
process.exit(0);
