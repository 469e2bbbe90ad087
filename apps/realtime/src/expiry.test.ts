import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Conn } from "./connection";
import { ExpiryQueue } from "./expiry";

const socket = (id: number, expiresAtMs: number) => ({ id, expiresAtMs, expiryIndex: -1 }) as Conn;

describe("ExpiryQueue", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it("expires every socket at its own time, in order, except the ones removed before", () => {
    const expired: number[] = [];
    const queue = new ExpiryQueue((conn) => expired.push(conn.id));
    const conns = Array.from({ length: 200 }, (_, id) => socket(id, 1000 + ((id * 7919) % 5000)));
    for (const conn of conns) queue.add(conn);
    const removed = conns.filter((conn) => conn.id % 3 === 0);
    for (const conn of removed) queue.remove(conn);
    vi.advanceTimersByTime(2999);
    expect(expired.every((id) => (conns[id]?.expiresAtMs ?? 0) <= 2999)).toBe(true);
    vi.advanceTimersByTime(10_000);
    const kept = conns.filter((conn) => conn.id % 3 !== 0);
    const byExpiry = [...kept].sort((a, b) => (a.expiresAtMs ?? 0) - (b.expiresAtMs ?? 0));
    expect(expired.map((id) => conns[id]?.expiresAtMs)).toEqual(byExpiry.map((conn) => conn.expiresAtMs));
    expect([...expired].sort((a, b) => a - b)).toEqual(kept.map((conn) => conn.id));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps one timer however many sockets it holds, and re-arms past setTimeout's 24.8-day cap", () => {
    const expired: number[] = [];
    const queue = new ExpiryQueue((conn) => expired.push(conn.id));
    const day = 24 * 3600 * 1000;
    queue.add(socket(1, 40 * day));
    queue.add(socket(2, 30 * day));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(29 * day);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(11 * day);
    expect(expired).toEqual([2, 1]);
  });
});
