import type { Database } from "@chat/db";
import { isUserBlocked, rememberUser } from "@chat/db/queries";
import type { Principal } from "@chat/shared/auth";
import { AppError } from "@chat/shared/errors";

interface Entry {
  blocked: boolean;
  /** The role this node last wrote to the projection; a token with another role writes it again. */
  role: Principal["role"];
  checkedAtMs: number;
}

export interface KnownUsers {
  /**
   * Remembers the caller on first sight, and their role whenever a token states another one, so the
   * users projection knows who is staff; throws FORBIDDEN for a banned or deleted user.
   */
  admit(principal: Principal): Promise<void>;
  /** Drops a cached verdict at once, e.g. when a user_banned control message arrives. */
  forget(userId: string): void;
}

/**
 * The first request of a user writes their row; later ones trust a cached verdict for at most `ttlMs`,
 * then re-read it. A ban therefore takes effect within ttlMs on this node, and at once when the
 * control channel's user_banned message arrives.
 */
export function createKnownUsers(db: Database, ttlMs: number, maxEntries = 50_000): KnownUsers {
  const cache = new Map<string, Entry>();

  async function lookup(principal: Principal, cached: Entry | undefined): Promise<Entry> {
    const remember = async () => {
      const user = await rememberUser(db, {
        id: principal.userId,
        name: principal.name,
        role: principal.role,
      });
      return Boolean(user.bannedAt || user.deletedAt);
    };
    const blocked =
      cached?.role === principal.role
        ? ((await isUserBlocked(db, principal.userId)) ?? (await remember()))
        : await remember();
    return { blocked, role: principal.role, checkedAtMs: Date.now() };
  }

  return {
    async admit(principal) {
      let entry = cache.get(principal.userId);
      if (!entry || entry.role !== principal.role || Date.now() - entry.checkedAtMs >= ttlMs) {
        entry = await lookup(principal, entry);
        if (cache.size >= maxEntries) cache.clear();
        cache.set(principal.userId, entry);
      }
      if (entry.blocked) throw new AppError("FORBIDDEN", "this account is banned");
    },
    forget(userId) {
      cache.delete(userId);
    },
  };
}
