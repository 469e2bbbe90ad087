import type { Bus } from "./port";

/** The embedded adapter: one process, same contract as Redis (asynchronous, ordered per channel). */
export function createMemoryBus(): Bus {
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let closed = false;

  function deliver(channel: string, payload: string) {
    const targets = listeners.get(channel);
    if (!targets) return;
    for (const listener of [...targets]) {
      // Like Redis, a listener that unsubscribed before delivery gets nothing more.
      if (!targets.has(listener)) continue;
      try {
        listener(payload);
      } catch {
        // One failing listener must not starve the others, as with the Redis adapter.
      }
    }
  }

  return {
    async publish(channel, payload) {
      if (closed) throw new Error("bus closed");
      if (!listeners.get(channel)?.size) return;
      queueMicrotask(() => deliver(channel, payload));
    },
    async subscribe(channel, listener) {
      if (closed) throw new Error("bus closed");
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(listener);
    },
    async unsubscribe(channel, listener) {
      const set = listeners.get(channel);
      set?.delete(listener);
      if (set?.size === 0) listeners.delete(channel);
    },
    onResubscribed() {},
    async ping() {
      if (closed) throw new Error("bus closed");
    },
    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
