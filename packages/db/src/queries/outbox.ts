import { EVENT_SOURCE, type OutboundEventData, type OutboundEventType } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import type { Executor } from "../client";
import { outbox } from "../schema";

export type Destination = "chat" | "notifications";

const destinationOf = (type: OutboundEventType): Destination =>
  type.startsWith("notification.") ? "notifications" : "chat";

/** Rows per INSERT: a group's fan-out fits in one, and any batch stays far below the 65,535 parameters. */
const ROWS_PER_INSERT = 1000;

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
  const [event] = await enqueueEvents(tx, type, [{ data, subject: options.subject }]);
  if (!event) throw new Error("enqueueEvents wrote no event");
  return event;
}

/** Many events of one type in one multi-row INSERT (a fan-out), instead of a round trip per row. */
export async function enqueueEvents<T extends OutboundEventType>(
  tx: Executor,
  type: T,
  items: { data: OutboundEventData<T>; subject?: string }[],
) {
  const time = new Date().toISOString();
  const events = items.map(({ data, subject }) => ({
    specversion: "1.0" as const,
    id: newId(),
    source: EVENT_SOURCE,
    type,
    time,
    datacontenttype: "application/json",
    ...(subject ? { subject } : {}),
    data,
  }));
  for (let at = 0; at < events.length; at += ROWS_PER_INSERT) {
    const rows = events
      .slice(at, at + ROWS_PER_INSERT)
      .map((event) => ({ id: event.id, destination: destinationOf(type), routingKey: type, event }));
    await tx.insert(outbox).values(rows);
  }
  return events;
}
