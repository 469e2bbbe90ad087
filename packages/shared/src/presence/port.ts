/** Which users have an open socket on some realtime node; entries expire unless refreshed. */
export interface Presence {
  /** Marks the user online on this node until refreshed again within the TTL. */
  touch(userIds: string[]): Promise<void>;
  /** Removes this node's mark for a user whose last socket closed. */
  clear(userId: string): Promise<void>;
  /** The subset of userIds with an open socket somewhere. */
  online(userIds: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}
