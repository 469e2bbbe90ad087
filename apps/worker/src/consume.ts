import type { DbClient, Transaction } from "@chat/db";
import { claimEvent } from "@chat/db/queries";
import { type Bus, encodeChatMessage, encodeControlMessage } from "@chat/shared/bus";
import { CloudEventEnvelope, type ControlMessage, channels, type ServerFrame } from "@chat/shared/contracts";
import { fieldErrorsOf, isTransientError } from "@chat/shared/errors";
import type { Logger } from "@chat/shared/logger";
import { errorText, PoisonMessageError, retryDelayMs } from "@chat/shared/queue";
import type { z } from "zod";
import type { WorkerMetrics } from "./metrics";

/** What a handler wants published on the bus once its transaction has committed. */
export interface Effects {
  frame(chatId: string, frame: ServerFrame): void;
  control(message: ControlMessage): void;
}

export interface EventConsumer<E> {
  /** The dedupe scope in processed_events. */
  name: string;
  /** Event types this consumer handles; anything else is dead-lettered as unknown. */
  types: readonly string[];
  schema: z.ZodType<E>;
  handle(tx: Transaction, event: E, effects: Effects): Promise<void>;
}

export interface HandlerContext {
  db: DbClient;
  bus: Bus;
  logger: Logger;
  metrics: WorkerMetrics;
  /** Called after a commit that may have written outbox rows. */
  onCommitted(): void;
  /** How long a message is held while PostgreSQL or Redis is unreachable (default 60 s). */
  holdMs?: number;
}

/**
 * Turns a consumer into a queue handler: parse the CloudEvent, validate it, then apply it in one
 * transaction that also records its id, so a redelivery is acknowledged and skipped. Invalid input throws
 * PoisonMessageError (dead-lettered with the reason); anything else is transient and retried.
 */
export function createEventHandler<E extends { id: string; type: string; time: string }>(
  consumer: EventConsumer<E>,
  context: HandlerContext,
): (raw: Buffer) => Promise<void> {
  const count = (outcome: string) => context.metrics.events.inc({ consumer: consumer.name, outcome });
  return async (raw) => {
    let event: E;
    try {
      event = parseEvent(consumer, raw);
    } catch (error) {
      count("invalid");
      throw error;
    }
    const frames: { chatId: string; frame: ServerFrame }[] = [];
    const controls: ControlMessage[] = [];
    const effects: Effects = {
      frame: (chatId, frame) => frames.push({ chatId, frame }),
      control: (message) => controls.push(message),
    };
    const apply = () =>
      context.db.db.transaction(async (tx) => {
        frames.length = 0;
        controls.length = 0;
        if (!(await claimEvent(tx, consumer.name, event.id))) return false;
        await consumer.handle(tx, event, effects);
        return true;
      });
    let processed: boolean;
    try {
      processed = await retryWhileUnavailable(apply, context);
    } catch (error) {
      count("failed");
      throw error;
    }
    count(processed ? "processed" : "duplicate");
    if (!processed) return;
    context.metrics.eventLag.observe(
      { consumer: consumer.name },
      Math.max(0, Date.now() - Date.parse(event.time)) / 1000,
    );
    context.onCommitted();
    await publishEffects(context, frames, controls);
  };
}

/**
 * While PostgreSQL or Redis is unreachable the message is held and retried in place: requeueing it would
 * spend its delivery limit on an outage and park valid events in the dead-letter queue. Past the hold
 * budget it fails like any other error (requeued with back-off, counted toward the limit).
 */
async function retryWhileUnavailable<T>(apply: () => Promise<T>, context: HandlerContext): Promise<T> {
  const holdUntil = Date.now() + (context.holdMs ?? 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await apply();
    } catch (error) {
      if (!isTransientError(error) || Date.now() >= holdUntil) throw error;
      context.logger.warn({ err: errorText(error), attempt }, "dependency unavailable; holding the message");
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt, 200, 5000)));
    }
  }
}

function parseEvent<E>(consumer: EventConsumer<E>, raw: Buffer): E {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new PoisonMessageError("invalid JSON");
  }
  const envelope = CloudEventEnvelope.safeParse(json);
  if (!envelope.success) {
    throw new PoisonMessageError(`not a CloudEvents 1.0 event: ${describe(envelope.error)}`);
  }
  if (!consumer.types.includes(envelope.data.type)) {
    throw new PoisonMessageError(`unknown event type ${envelope.data.type}`);
  }
  const event = consumer.schema.safeParse(json);
  if (!event.success) {
    throw new PoisonMessageError(`invalid ${envelope.data.type}: ${describe(event.error)}`);
  }
  return event.data;
}

function describe(error: z.ZodError): string {
  return fieldErrorsOf(error)
    .map((field) => `${field.path}: ${field.message}`)
    .join("; ")
    .slice(0, 500);
}

/** The bus is at-most-once (clients recover by seq), so a failed publish is logged, not retried. */
async function publishEffects(
  context: HandlerContext,
  frames: { chatId: string; frame: ServerFrame }[],
  controls: ControlMessage[],
) {
  const publishes = [
    ...frames.map(({ chatId, frame }) =>
      context.bus.publish(channels.chat(chatId), encodeChatMessage({ frame })),
    ),
    ...controls.map((message) => context.bus.publish(channels.control, encodeControlMessage(message))),
  ];
  for (const result of await Promise.allSettled(publishes)) {
    if (result.status === "rejected") context.logger.warn({ err: result.reason }, "bus publish failed");
  }
}
