import { errorText, retryDelayMs } from "./backoff";
import { PoisonMessageError } from "./port";

export interface DeliveryPolicy {
  /** Deliveries of one message before it is dead-lettered (RabbitMQ's x-delivery-limit). */
  deliveryLimit: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** What becomes of one delivery once its handler has run. */
export type DeliveryDecision =
  | { action: "ack" }
  | { action: "dead-letter"; reason: string }
  | { action: "retry"; delayMs: number; reason: string };

/**
 * Runs the handler on delivery number `attempt` (1-based) and decides: ack on success, dead-letter a
 * poison message at once and any other failure at the delivery limit, else retry after back-off. Both
 * adapters settle by this one function, so they cannot drift in what counts as poison or when to give up.
 */
export async function decideDelivery(
  handle: (raw: Buffer) => Promise<void>,
  body: Buffer,
  attempt: number,
  policy: DeliveryPolicy,
): Promise<DeliveryDecision> {
  try {
    await handle(body);
    return { action: "ack" };
  } catch (error) {
    if (error instanceof PoisonMessageError) return { action: "dead-letter", reason: errorText(error) };
    if (attempt >= policy.deliveryLimit) {
      return { action: "dead-letter", reason: `failed ${attempt} times: ${errorText(error)}` };
    }
    const delayMs = retryDelayMs(attempt, policy.retryBaseMs, policy.retryMaxMs);
    return { action: "retry", delayMs, reason: errorText(error) };
  }
}

/**
 * The back-off before a retry is waited out while the delivery still holds its prefetch slot. That is
 * RabbitMQ's only choice without a delay queue (the message stays unacked until it is nacked back), and
 * the right one: during an outage at most `prefetch` messages spend delivery attempts, instead of every
 * message in the queue cycling through a failing handler. wakeAll() cuts the waits short on cancel and
 * close, so shutdown never waits out a back-off.
 */
export class RetryWaits {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  wait(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, delayMs);
      this.pending.set(timer, resolve);
    });
  }

  wakeAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
