import { randomUUID } from "node:crypto";
import { connect as connectTcp, createServer, type Socket } from "node:net";
import calculateSlot from "cluster-key-slot";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { startTestRedisCluster } from "../testing/redis-cluster";
import { serviceUrl } from "../testing/services";
import { createRedisClusterBus } from "./cluster";
import { createMemoryBus } from "./memory";
import type { Bus } from "./port";
import { createRedisBus } from "./redis";
import { createConfiguredRedisBus } from "./select";

const redisUrl = await serviceUrl("redis");
// The cluster is started by this file on free ports; only a machine without redis-server skips it, never CI.
const cluster = await startTestRedisCluster();
afterAll(async () => {
  await cluster?.dispose();
});

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const adapters: [string, (() => Bus) | null][] = [
  ["memory", () => createMemoryBus()],
  ["redis", redisUrl ? () => createRedisBus({ url: redisUrl, name: `bus-test-${randomUUID()}` }) : null],
  [
    "redis cluster",
    cluster ? () => createRedisClusterBus({ nodes: cluster.nodes, name: `bus-test-${randomUUID()}` }) : null,
  ],
];

describe.each(adapters)("the %s bus", (_name, makeBus) => {
  const buses: Bus[] = [];
  function open(): Bus {
    const bus = makeBus!();
    buses.push(bus);
    return bus;
  }
  async function ready(bus: Bus) {
    await waitUntil(() =>
      bus.ping().then(
        () => true,
        () => false,
      ),
    );
    return bus;
  }
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
  });

  it.skipIf(!makeBus)(
    "delivers a publish made right after subscribe resolves, to every listener, in order",
    async () => {
      const bus = await ready(open());
      const channel = `test:${randomUUID()}`;
      const a: string[] = [];
      const b: string[] = [];
      await Promise.all([
        bus.subscribe(channel, (payload) => a.push(payload)),
        bus.subscribe(channel, (payload) => b.push(payload)),
      ]);
      for (let index = 0; index < 50; index++) await bus.publish(channel, String(index));
      await waitUntil(() => a.length === 50 && b.length === 50);
      const expected = Array.from({ length: 50 }, (_, index) => String(index));
      expect(a).toEqual(expected);
      expect(b).toEqual(expected);
    },
  );

  it.skipIf(!makeBus)(
    "stops delivering to a listener once it unsubscribed, and keeps the channel's other listeners",
    async () => {
      const bus = await ready(open());
      const channel = `test:${randomUUID()}`;
      const gone: string[] = [];
      const kept: string[] = [];
      const leaving = (payload: string) => gone.push(payload);
      await bus.subscribe(channel, leaving);
      await bus.subscribe(channel, (payload) => kept.push(payload));
      await bus.unsubscribe(channel, leaving);
      await bus.publish(channel, "after");
      await waitUntil(() => kept.length === 1);
      expect(gone).toEqual([]);
    },
  );

  it.skipIf(!makeBus)("keeps delivering to other listeners when one throws", async () => {
    const bus = await ready(open());
    const channel = `test:${randomUUID()}`;
    const received: string[] = [];
    await bus.subscribe(channel, () => {
      throw new Error("listener bug");
    });
    await bus.subscribe(channel, (payload) => received.push(payload));
    await bus.publish(channel, "one");
    await bus.publish(channel, "two");
    await waitUntil(() => received.length === 2);
    expect(received).toEqual(["one", "two"]);
  });

  it.skipIf(!makeBus)("refuses to publish once closed", async () => {
    const bus = await ready(open());
    await bus.close();
    await expect(bus.publish(`test:${randomUUID()}`, "x")).rejects.toThrow();
  });
});

describe.skipIf(!redisUrl)("the redis bus after its subscriber connection is killed", () => {
  it("resubscribes every channel, calls onResubscribed, and delivers again", async () => {
    const name = `bus-kill-${randomUUID()}`;
    const bus = createRedisBus({ url: redisUrl!, name });
    const admin = new Redis(redisUrl!);
    try {
      await waitUntil(() =>
        bus.ping().then(
          () => true,
          () => false,
        ),
      );
      const channel = `test:${randomUUID()}`;
      const received: string[] = [];
      let resubscribed = 0;
      bus.onResubscribed(() => {
        resubscribed += 1;
      });
      await bus.subscribe(channel, (payload) => received.push(payload));
      await bus.publish(channel, "before");
      await waitUntil(() => received.length === 1);
      const list = String(await admin.client("LIST"));
      const id = /id=(\d+) .*name=(\S+)/g;
      const victims = [...list.matchAll(id)]
        .filter((match) => match[2] === `${name}-sub`)
        .map((match) => match[1]);
      expect(victims).toHaveLength(1);
      await admin.client("KILL", "ID", victims[0]!);
      await waitUntil(() => resubscribed === 1);
      await bus.publish(channel, "after");
      await waitUntil(() => received.length === 2);
      expect(received).toEqual(["before", "after"]);
    } finally {
      await bus.close();
      admin.disconnect();
    }
  });
});

describe.skipIf(!redisUrl)("the redis bus started while Redis is unreachable", () => {
  it("subscribes its channels once Redis becomes reachable, so a subscribe made during the outage is not lost", async () => {
    const target = new URL(redisUrl!);
    const proxy = createServer((client) => {
      const upstream = connectTcp(Number(target.port || 6379), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
    });
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const early = createRedisBus({ url: `redis://127.0.0.1:${port}`, name: `bus-early-${randomUUID()}` });
    const publisher = createRedisBus({ url: redisUrl!, name: `bus-early-pub-${randomUUID()}` });
    try {
      const channel = `test:${randomUUID()}`;
      const received: string[] = [];
      const subscribing = early
        .subscribe(channel, (payload) => received.push(payload))
        .catch(() => "rejected");
      await new Promise((resolve) => setTimeout(resolve, 300));
      await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", () => resolve()));
      await subscribing;
      await waitUntil(() =>
        publisher.ping().then(
          () => true,
          () => false,
        ),
      );
      await waitUntil(async () => {
        await publisher.publish(channel, "hello");
        await new Promise((resolve) => setTimeout(resolve, 50));
        return received.length > 0;
      });
      expect(received[0]).toBe("hello");
    } finally {
      await Promise.all([early.close(), publisher.close()]);
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe.skipIf(!redisUrl)("the redis bus whose subscriber connection goes silent (half-open)", () => {
  it("notices the missed heartbeat, reconnects, resubscribes, calls onResubscribed, and closes without hanging", async () => {
    const target = new URL(redisUrl!);
    const open = new Set<Socket>();
    const silenced = new WeakSet<Socket>();
    const proxy = createServer((client) => {
      const upstream = connectTcp(Number(target.port || 6379), target.hostname);
      open.add(client);
      client.on("data", (chunk) => {
        if (!silenced.has(client)) upstream.write(chunk);
      });
      upstream.on("data", (chunk) => {
        if (!silenced.has(client)) client.write(chunk);
      });
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
      client.on("close", () => {
        open.delete(client);
        upstream.destroy();
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", () => resolve()));
    const address = proxy.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const bus = createRedisBus({
      url: `redis://127.0.0.1:${port}`,
      name: `bus-silent-${randomUUID()}`,
      heartbeatMs: 200,
    });
    const publisher = createRedisBus({ url: redisUrl!, name: `bus-silent-pub-${randomUUID()}` });
    try {
      await waitUntil(() =>
        bus.ping().then(
          () => true,
          () => false,
        ),
      );
      await waitUntil(() =>
        publisher.ping().then(
          () => true,
          () => false,
        ),
      );
      const channel = `test:${randomUUID()}`;
      const received: string[] = [];
      let resubscribed = 0;
      bus.onResubscribed(() => {
        resubscribed += 1;
      });
      await bus.subscribe(channel, (payload) => received.push(payload));
      // The TCP connections stay open but carry nothing, like a peer behind a dead NAT entry.
      for (const socket of open) silenced.add(socket);
      await waitUntil(() => resubscribed >= 1);
      await waitUntil(async () => {
        await publisher.publish(channel, "after");
        await new Promise((resolve) => setTimeout(resolve, 50));
        return received.includes("after");
      });
    } finally {
      await Promise.all([bus.close(), publisher.close()]);
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe.skipIf(!cluster || !redisUrl)("the configured redis bus", () => {
  it("is the cluster's sharded pub/sub when cluster nodes are given, else REDIS_URL's pub/sub", async () => {
    const configured = createConfiguredRedisBus({ url: redisUrl!, clusterNodes: cluster!.nodes });
    const single = createConfiguredRedisBus({ url: redisUrl!, clusterNodes: [] });
    const onCluster = createRedisClusterBus({ nodes: cluster!.nodes });
    const onSingle = createRedisBus({ url: redisUrl! });
    try {
      const channel = `chat:${randomUUID()}`;
      const received: string[] = [];
      await configured.subscribe(channel, (payload) => received.push(`cluster ${payload}`));
      await single.subscribe(channel, (payload) => received.push(`single ${payload}`));
      await waitUntil(() =>
        onSingle.ping().then(
          () => true,
          () => false,
        ),
      );
      await onCluster.publish(channel, "one");
      await onSingle.publish(channel, "two");
      await waitUntil(() => received.length === 2);
      expect(received.sort()).toEqual(["cluster one", "single two"]);
    } finally {
      await Promise.all([configured, single, onCluster, onSingle].map((bus) => bus.close()));
    }
  });
});

describe.skipIf(!cluster)("the redis cluster bus", () => {
  it("spreads channels over every master, each channel on the master that owns its slot", async () => {
    const bus = createRedisClusterBus({ nodes: cluster!.nodes, name: `bus-spread-${randomUUID()}` });
    const admins = cluster!.nodes.map((node) => new Redis(`redis://${node}`));
    try {
      const channels = Array.from({ length: 30 }, () => `chat:${randomUUID()}`);
      await Promise.all(channels.map((channel) => bus.subscribe(channel, () => {})));
      const perMaster = await Promise.all(
        admins.map(async (admin) => (await admin.call("PUBSUB", "SHARDCHANNELS")) as string[]),
      );
      for (const owned of perMaster) expect(owned.length).toBeGreaterThan(0);
      expect(perMaster.flat().sort()).toEqual([...channels].sort());
    } finally {
      await bus.close();
      for (const admin of admins) admin.disconnect();
    }
  });

  it("resubscribes after a master is killed and restarted, calls onResubscribed, and delivers again", async () => {
    const bus = createRedisClusterBus({ nodes: cluster!.nodes, name: `bus-restart-${randomUUID()}` });
    try {
      await waitUntil(() =>
        bus.ping().then(
          () => true,
          () => false,
        ),
      );
      // redis-cli gives the first master slots 0-5460: half the channels live on the master we restart.
      const channels: string[] = [];
      while (channels.length < 12) {
        const channel = `chat:${randomUUID()}`;
        const onFirst = calculateSlot(channel) <= 5460;
        if (channels.filter((c) => calculateSlot(c) <= 5460 === onFirst).length < 6) channels.push(channel);
      }
      const received = new Map(channels.map((channel) => [channel, [] as string[]]));
      let resubscribed = 0;
      bus.onResubscribed(() => {
        resubscribed += 1;
      });
      for (const channel of channels) {
        await bus.subscribe(channel, (payload) => received.get(channel)!.push(payload));
        await bus.publish(channel, "before");
      }
      await waitUntil(() => [...received.values()].every((payloads) => payloads.length === 1));
      await cluster!.restartMaster(cluster!.nodes[0]!);
      await waitUntil(() => resubscribed >= 1);
      // Publishing right after onResubscribed must reach every channel, the restarted master's included.
      for (const channel of channels) {
        await waitUntil(() =>
          bus.publish(channel, "after").then(
            () => true,
            () => false,
          ),
        );
      }
      await waitUntil(() => [...received.values()].every((payloads) => payloads.includes("after")));
      for (const payloads of received.values()) expect(payloads).toEqual(["before", "after"]);
    } finally {
      await bus.close();
    }
  });
});
