import type { Conn } from "./connection";

/** setTimeout caps at ~24.8 days; a later expiry is re-armed when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Sockets ordered by token expiry (a binary min-heap) behind one timer for the earliest: a Node timer
 * per socket cost more heap than the rest of the socket's state. Each socket knows its slot, so a
 * closing socket leaves in O(log n).
 */
export class ExpiryQueue {
  private readonly heap: Conn[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerAtMs = Number.POSITIVE_INFINITY;

  constructor(private readonly onExpired: (conn: Conn) => void) {}

  add(conn: Conn): void {
    conn.expiryIndex = this.heap.length;
    this.heap.push(conn);
    this.siftUp(conn.expiryIndex);
    this.arm();
  }

  remove(conn: Conn): void {
    const index = conn.expiryIndex;
    if (index < 0) return;
    conn.expiryIndex = -1;
    const last = this.heap.pop();
    if (last && last !== conn) {
      this.place(last, index);
      this.siftDown(index);
      this.siftUp(last.expiryIndex);
    }
    if (this.heap.length === 0) this.disarm();
  }

  private fire(): void {
    this.timer = null;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    const now = Date.now();
    for (let first = this.heap[0]; first && expiryOf(first) <= now; first = this.heap[0]) {
      this.remove(first);
      this.onExpired(first);
    }
    this.arm();
  }

  private arm(): void {
    const first = this.heap[0];
    if (!first || expiryOf(first) >= this.timerAtMs) return;
    this.disarm();
    this.timerAtMs = expiryOf(first);
    this.timer = setTimeout(
      () => this.fire(),
      Math.min(Math.max(this.timerAtMs - Date.now(), 0), MAX_TIMER_MS),
    );
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAtMs = Number.POSITIVE_INFINITY;
  }

  private siftUp(start: number): void {
    const conn = this.heap[start];
    if (!conn) return;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.heap[parentIndex];
      if (!parent || expiryOf(parent) <= expiryOf(conn)) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(conn, index);
  }

  private siftDown(start: number): void {
    const conn = this.heap[start];
    if (!conn) return;
    let index = start;
    for (;;) {
      const left = this.heap[2 * index + 1];
      const right = this.heap[2 * index + 2];
      const child = right && left && expiryOf(right) < expiryOf(left) ? right : left;
      if (!child || expiryOf(child) >= expiryOf(conn)) break;
      const childIndex = child.expiryIndex;
      this.place(child, index);
      index = childIndex;
    }
    this.place(conn, index);
  }

  private place(conn: Conn, index: number): void {
    this.heap[index] = conn;
    conn.expiryIndex = index;
  }
}

function expiryOf(conn: Conn): number {
  return conn.expiresAtMs ?? Number.POSITIVE_INFINITY;
}
