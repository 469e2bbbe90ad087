import type { CloudEventEnvelope } from "../contracts/events";

/** Why a handler gave up on a delivery: retry later (transient) or park it in the dead-letter queue. */
export class PoisonMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PoisonMessageError";
  }
}

export interface Binding {
  exchange: string;
  routingKey: string;
}

export interface ConsumeOptions {
  /** Durable queue name, shared by competing consumers. */
  queue: string;
  bindings: Binding[];
  /**
   * Resolves: ack. Throws PoisonMessageError: dead-letter at once. Throws anything else: redeliver with
   * back-off until the delivery limit, then dead-letter.
   */
  handle(raw: Buffer): Promise<void>;
  /** Told after a message was parked in the dead-letter queue, with the reason recorded there. */
  onDeadLetter?(reason: string): void;
}

/** A running consumer; cancel stops new deliveries and waits for the ones in flight. */
export interface Subscription {
  cancel(): Promise<void>;
}

/** Header that names why a message was dead-lettered by us (the broker adds x-death for its own). */
export const DEAD_REASON_HEADER = "x-chat-dead-reason";

/**
 * The event broker: RabbitMQ in production, an in-process queue in embedded mode, same semantics.
 * `publish` resolves only when the broker has confirmed the message.
 */
export interface EventQueue {
  /** Declares durable topic exchanges (again after every reconnect). */
  declareExchanges(names: string[]): Promise<void>;
  publish(exchange: string, routingKey: string, event: CloudEventEnvelope): Promise<void>;
  consume(options: ConsumeOptions): Promise<Subscription>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
