import { execFileSync } from "node:child_process";
import { serviceUrl } from "@chat/db/testing";
import { newId } from "@chat/shared/ids";
import { type AmqpQueue, createAmqpQueue } from "@chat/shared/queue";
import amqplib from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundEvent, silentLogger, uniqueId, waitFor } from "./testing/harness";

const rabbitUrl = await serviceUrl("rabbitmq");

describe.skipIf(!rabbitUrl)("RabbitMQ adapter", () => {
  const prefix = uniqueId("adapter");
  const exchange = `${prefix}.x`;
  const queueName = `${prefix}.q`;
  let queue: AmqpQueue;
  let connection: amqplib.ChannelModel;
  let channel: amqplib.Channel;

  beforeAll(async () => {
    queue = createAmqpQueue({
      url: rabbitUrl ?? "",
      deadLetterExchange: `${prefix}.dead-letter`,
      deadLetterQueue: `${prefix}.dead-letter`,
      deliveryLimit: 4,
      prefetch: 8,
      retryBaseMs: 20,
      retryMaxMs: 100,
      publishTimeoutMs: 3000,
      logger: silentLogger,
    });
    connection = await amqplib.connect(rabbitUrl ?? "");
    channel = await connection.createChannel();
    channel.on("error", () => {});
  });
  afterAll(async () => {
    await queue?.close();
    for (const name of [queueName, `${prefix}.full`, `${prefix}.dead-letter`])
      await channel.deleteQueue(name);
    for (const name of [exchange, `${prefix}.dead-letter`]) await channel.deleteExchange(name);
    await connection?.close();
  });

  it("declares consumer queues as quorum queues with an explicit delivery limit and safe dead-lettering", async () => {
    const subscription = await queue.consume({
      queue: queueName,
      bindings: [{ exchange, routingKey: "a.*" }],
      handle: async () => {},
    });
    const listing = execFileSync("rabbitmqctl", [
      "-q",
      "list_queues",
      "name",
      "type",
      "arguments",
    ]).toString();
    const line = listing.split("\n").find((row) => row.startsWith(`${queueName}\t`)) ?? "";
    expect(line).toContain("quorum");
    expect(line).toMatch(/x-delivery-limit.*4/);
    expect(line).toContain(`${prefix}.dead-letter`);
    expect(line).toContain("at-least-once");
    expect(line).toContain("reject-publish");
    await subscription.cancel();
  });

  it("publish resolves on the broker's confirm with a persistent CloudEvent whose messageId is the event id", async () => {
    const probe = `${prefix}.probe`;
    await queue.declareExchanges([exchange]);
    await channel.assertQueue(probe, { exclusive: true });
    await channel.bindQueue(probe, exchange, "probe.#");
    const event = outboundEvent("probe.sent", { n: 1 });
    await queue.publish(exchange, "probe.sent", event);
    const message = await waitFor(() => channel.get(probe, { noAck: true }));
    expect(message.properties).toMatchObject({
      messageId: event.id,
      contentType: "application/cloudevents+json",
      deliveryMode: 2,
      type: "probe.sent",
    });
    expect(JSON.parse(message.content.toString())).toEqual(event);
  });

  it("publish rejects when the broker nacks (a full reject-publish queue)", async () => {
    await channel.assertQueue(`${prefix}.full`, {
      durable: true,
      arguments: { "x-max-length": 1, "x-overflow": "reject-publish" },
    });
    await channel.bindQueue(`${prefix}.full`, exchange, "full.*");
    await queue.publish(exchange, "full.one", outboundEvent("full.one", {}));
    await expect(queue.publish(exchange, "full.two", outboundEvent("full.two", {}))).rejects.toThrow();
  });

  it("publish and ping fail at once while the broker is unreachable, instead of queueing in memory", async () => {
    const offline = createAmqpQueue({
      url: "amqp://guest:guest@127.0.0.1:1",
      deadLetterExchange: "unused",
      deadLetterQueue: "unused",
      deliveryLimit: 3,
      prefetch: 1,
      logger: silentLogger,
    });
    try {
      await expect(offline.ping()).rejects.toThrow("amqp not connected");
      await expect(offline.publish("x", "y", outboundEvent("y", {}))).rejects.toThrow("amqp not connected");
    } finally {
      await offline.close();
    }
  });

  it("a consumer the broker cancels (its queue deleted) re-declares the queue and keeps consuming", async () => {
    const seen: string[] = [];
    const subscription = await queue.consume({
      queue: queueName,
      bindings: [{ exchange, routingKey: "a.*" }],
      handle: async (raw) => void seen.push(JSON.parse(raw.toString()).id),
    });
    await channel.deleteQueue(queueName);
    const id = newId();
    await waitFor(
      async () => {
        await queue.publish(exchange, "a.b", outboundEvent("a.b", {}, id));
        await new Promise((resolve) => setTimeout(resolve, 200));
        return seen.includes(id);
      },
      { what: "delivery after the queue came back" },
    );
    await subscription.cancel();
  });
});
