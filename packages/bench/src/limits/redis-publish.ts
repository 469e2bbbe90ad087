import { LoadWorker } from "../load/controller";
import { runCommand } from "../proc";

export interface RedisPublishResult {
  subscribers: number;
  publishesPerSec: number;
  deliveriesPerSec: number;
  delivered: number;
  expected: number;
}

/** redis-benchmark PUBLISH to one channel while `subscribers` connections in a load worker receive it. */
export async function runRedisPublish(
  redisUrl: string,
  subscribers: number,
  publishes: number,
): Promise<RedisPublishResult> {
  const channel = `bench:limit:${process.pid}:${Date.now()}`;
  const worker = LoadWorker.start({ kind: "redis-sub", redisUrl, channel, subscribers });
  try {
    await worker.next("ready", 30_000);
    const { hostname, port } = new URL(redisUrl);
    const payload = "x".repeat(100);
    const startedAt = performance.now();
    const csv = await runCommand(
      "redis-benchmark",
      [
        "-h",
        hostname,
        "-p",
        port || "6379",
        "-c",
        "20",
        "-n",
        String(publishes),
        "--csv",
        "PUBLISH",
        channel,
        payload,
      ],
      { timeoutMs: 120_000 },
    );
    const elapsedSec = (performance.now() - startedAt) / 1000;
    const line = csv.trim().split("\n").at(-1) ?? "";
    const publishesPerSec = Number(line.split(",")[1]?.replaceAll('"', ""));
    await new Promise((resolve) => setTimeout(resolve, 500));
    worker.post({ type: "release" });
    const { received } = await worker.result<{ received: number }>(30_000);
    return {
      subscribers,
      publishesPerSec,
      deliveriesPerSec: received / elapsedSec,
      delivered: received,
      expected: publishes * subscribers,
    };
  } finally {
    worker.stop();
  }
}
