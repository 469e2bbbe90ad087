import amqplib from "amqplib";

/** Deletes what a test declared on a shared broker, so the broker keeps nothing of the run. */
export async function removeQueuesAndExchanges(
  url: string,
  names: { queues: string[]; exchanges: string[] },
): Promise<void> {
  const connection = await amqplib.connect(url);
  connection.on("error", () => {});
  try {
    const channel = await connection.createChannel();
    channel.on("error", () => {});
    for (const queue of names.queues) await channel.deleteQueue(queue);
    for (const exchange of names.exchanges) await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}
