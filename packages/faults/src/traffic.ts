import WebSocket from "ws";
import { sleep } from "./processes";

interface Acked {
  id: string;
  seq: number;
}

/**
 * A client that sends as DESIGN.md asks a client to: every message has its clientMessageId, and a send
 * that fails (a refused connection, a timeout, a 5xx) is retried with the same id, on the next api node,
 * until an api answers. The acks are what the service promised to keep.
 */
export class Sender {
  readonly acked = new Map<string, Acked>();
  /** A retry that got a different message than an earlier ack of the same clientMessageId. */
  conflicting = 0;
  failedForGood: string[] = [];
  private next = 0;
  private turn = 0;

  constructor(
    readonly userId: string,
    private readonly token: string,
    private readonly chatId: string,
    private readonly apiUrls: string[],
  ) {}

  async send(giveUpAfterMs = 90_000): Promise<Acked | undefined> {
    const clientMessageId = `${this.userId}-${this.next++}`;
    const giveUpAt = Date.now() + giveUpAfterMs;
    for (let attempt = 0; ; attempt++) {
      const base = this.apiUrls[this.turn++ % this.apiUrls.length];
      const answer = await fetch(`${base}/chats/${this.chatId}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
        body: JSON.stringify({ content: `message ${clientMessageId}`, clientMessageId }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined);
      if (answer && (answer.status === 200 || answer.status === 201)) {
        const message = (await answer.json()) as Acked;
        const earlier = this.acked.get(clientMessageId);
        if (earlier && earlier.id !== message.id) this.conflicting++;
        this.acked.set(clientMessageId, { id: message.id, seq: message.seq });
        return message;
      }
      if (answer && answer.status < 500 && answer.status !== 429 && answer.status !== 408) {
        throw new Error(`send ${clientMessageId} refused with ${answer.status}: ${await answer.text()}`);
      }
      await answer?.body?.cancel();
      if (Date.now() > giveUpAt) {
        this.failedForGood.push(clientMessageId);
        return undefined;
      }
      await sleep(Math.min(50 * 2 ** attempt, 1000));
    }
  }
}

/**
 * A member's socket that recovers as a client must: on any close it reconnects (to the next realtime
 * node) and rejoins with the last seq it holds without a gap; a seq past a gap is filled over REST.
 */
export class Listener {
  /** Every seq this member obtained, by socket or by REST catch-up. */
  readonly obtained = new Set<number>();
  /** Messages the socket delivered; the same seq twice on one socket is a doubled delivery. */
  delivered = 0;
  doubled = 0;
  filledByRest = 0;
  reconnects = 0;
  private contiguous = 0;
  private socket: WebSocket | undefined;
  private stopped = false;
  private turn = 0;
  private filling = false;
  private pongs: Array<() => void> = [];

  constructor(
    readonly userId: string,
    private readonly token: string,
    private readonly chatId: string,
    private readonly realtimeUrls: string[],
    private readonly apiUrls: string[],
    /** Reconnect to this node first (the member_removed check needs a known node). */
    firstNode = 0,
  ) {
    this.turn = firstNode;
  }

  get lastContiguousSeq(): number {
    return this.contiguous;
  }

  async connect(): Promise<void> {
    await new Promise<void>((resolve) => this.open(resolve));
  }

  private open(onJoined?: () => void): void {
    if (this.stopped) return;
    const url = `${this.realtimeUrls[this.turn++ % this.realtimeUrls.length]}/ws?token=${this.token}`;
    const socket = new WebSocket(url);
    const seenHere = new Set<number>();
    this.socket = socket;
    socket.on("open", () => {
      socket.send(JSON.stringify({ type: "join_chat", chatId: this.chatId, sinceSeq: this.contiguous }));
    });
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { type: string; chatId?: string; message?: { seq: number } };
      if (frame.type === "joined" && frame.chatId === this.chatId) onJoined?.();
      if (frame.type === "pong") this.pongs.shift()?.();
      if (frame.type !== "new_message" || frame.chatId !== this.chatId || !frame.message) return;
      const seq = frame.message.seq;
      this.delivered++;
      if (seenHere.has(seq)) this.doubled++;
      seenHere.add(seq);
      this.take(seq);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      if (this.socket !== socket || this.stopped) return;
      this.reconnects++;
      setTimeout(() => this.open(onJoined), 200);
    });
  }

  private take(seq: number): void {
    this.obtained.add(seq);
    while (this.obtained.has(this.contiguous + 1)) this.contiguous++;
    if (seq > this.contiguous + 1) void this.fill();
  }

  /** Fetches what lies between the last contiguous seq and the newest one seen. */
  private async fill(): Promise<void> {
    if (this.filling) return;
    this.filling = true;
    try {
      const base = this.apiUrls[this.turn % this.apiUrls.length];
      const answer = await fetch(`${base}/chats/${this.chatId}/messages?after=${this.contiguous}&limit=100`, {
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(5000),
      });
      if (answer.ok) {
        const page = (await answer.json()) as { items: Array<{ seq: number }> };
        for (const item of page.items) {
          if (!this.obtained.has(item.seq)) this.filledByRest++;
          this.obtained.add(item.seq);
        }
        while (this.obtained.has(this.contiguous + 1)) this.contiguous++;
      }
    } catch {
      // The next seq past the gap tries again.
    } finally {
      this.filling = false;
    }
  }

  /** Resolves when the socket answered a ping: whatever the node sent it before is already here. */
  async roundTrip(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    await new Promise<void>((resolve) => {
      this.pongs.push(resolve);
      socket.send(JSON.stringify({ type: "ping" }));
      setTimeout(resolve, 5000);
    });
  }

  /** Waits until this member holds every seq up to `seq`: the socket must bring it, or a seq after a gap. */
  async holdUpTo(seq: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.contiguous < seq) {
      if (Date.now() > deadline) return false;
      await sleep(50);
    }
    return true;
  }

  close(): void {
    this.stopped = true;
    this.socket?.close();
  }
}
