import type { Bus } from "./port";

/** The embedded adapter: one process, same contract as Redis (asynchronous, ordered per channel). */
export function createMemoryBus(): Bus {
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let closed = false;

  return {
    async publish(channel, payload) {
      if (closed) throw new Error("bus closed");
      const targets = listeners.get(channel);
      if (!targets?.size) return;
      const snapshot = [...targets];
      queueMicrotask(() => {
        for (const listener of snapshot) listener(payload);
      });
    },
    async subscribe(channel, listener) {
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
