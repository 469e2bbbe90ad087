/**
 * The fan-out bus between api and realtime nodes. At-most-once, like Redis pub/sub: PostgreSQL is the
 * source of truth and clients recover by seq, so a lost publish is a delay, never a loss.
 */
export interface Bus {
  publish(channel: string, payload: string): Promise<void>;
  /** Resolves once the subscription is active, so a caller can read state after it without a gap. */
  subscribe(channel: string, listener: (payload: string) => void): Promise<void>;
  unsubscribe(channel: string, listener: (payload: string) => void): Promise<void>;
  /** Called after the bus lost its connection and came back: anything published meanwhile is gone. */
  onResubscribed(listener: () => void): void;
  ping(): Promise<void>;
  close(): Promise<void>;
}
