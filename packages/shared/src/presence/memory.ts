import type { Presence } from "./port";

/** The embedded adapter: one process, so "online" is simply "has a socket here" until the TTL lapses. */
export function createMemoryPresence(options: { ttlMs?: number } = {}): Presence {
  const ttlMs = options.ttlMs ?? 60_000;
  const expiresAt = new Map<string, number>();
  return {
    async touch(userIds) {
      const until = Date.now() + ttlMs;
      for (const id of userIds) expiresAt.set(id, until);
    },
    async clear(userId) {
      expiresAt.delete(userId);
    },
    async online(userIds) {
      const now = Date.now();
      return new Set(userIds.filter((id) => (expiresAt.get(id) ?? 0) > now));
    },
    async close() {
      expiresAt.clear();
    },
  };
}
