import { EVENT_SOURCE, type OutboundEventData, type OutboundEventType } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import type { Executor } from "../client";
import { outbox } from "../schema";

export type Destination = "chat" | "notifications";

const destinationOf = (type: OutboundEventType): Destination =>
  type.startsWith("notification.") ? "notifications" : "chat";

/**
 * Writes a CloudEvent to the outbox in the caller's transaction; the worker relays it with publisher
 * confirms. The row id is the event id, stable across relay retries, so consumers can dedupe.
 */
export async function enqueueEvent<T extends OutboundEventType>(
  tx: Executor,
  type: T,
  data: OutboundEventData<T>,
  options: { subject?: string } = {},
) {
  const id = newId();
  const event = {
    specversion: "1.0" as const,
    id,
    source: EVENT_SOURCE,
    type,
    time: new Date().toISOString(),
    datacontenttype: "application/json",
    ...(options.subject ? { subject: options.subject } : {}),
    data,
  };
  await tx.insert(outbox).values({ id, destination: destinationOf(type), routingKey: type, event });
  return event;
}
