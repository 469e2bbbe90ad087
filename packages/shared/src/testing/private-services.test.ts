import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { rabbitMqInstalled, startPrivateRabbitMq } from "./private-rabbitmq";
import { startPrivateRedis } from "./private-redis";

function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const required = process.env.REQUIRE_SERVICES === "1";

describe("private services for the tests that stop them", () => {
  it.skipIf(!rabbitMqInstalled() && !required)(
    "a private RabbitMQ node listens on its own port, stops and starts its broker, and leaves nothing behind",
    async () => {
      const rabbit = await startPrivateRabbitMq();
      try {
        expect(rabbit.url).not.toContain(":5672");
        expect(await accepts(rabbit.url)).toBe(true);
        await rabbit.stopApp();
        expect(await accepts(rabbit.url)).toBe(false);
        await rabbit.startApp();
        expect(await accepts(rabbit.url)).toBe(true);
      } finally {
        await rabbit.dispose();
      }
      expect(await accepts(rabbit.url)).toBe(false);
    },
    240_000,
  );

  it("a private Redis dies on kill and comes back on restart, on the same port", async () => {
    const redis = await startPrivateRedis();
    try {
      expect(redis.url).not.toContain(":6379");
      await redis.kill();
      expect(await accepts(redis.url)).toBe(false);
      await redis.restart();
      expect(await accepts(redis.url)).toBe(true);
    } finally {
      await redis.dispose();
    }
  });
});
