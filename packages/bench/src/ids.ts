/**
 * Deterministic ids for the seeded fixtures, identical in both databases, so every workload addresses
 * the same chats and users on chat-svc and on the baseline.
 */
export const benchUuid = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;

export const SEND_CHATS = 200;
export const E2E_CHATS = 20;
export const E2E_MEMBERS = 5;
export const LIST_CHATS = 1000;
export const HISTORY_FILLER_PER_CHAT = 1000;

export const fixtures = {
  sendChat: (i: number) => benchUuid(1 + i),
  sendUser: (i: number, side: "a" | "b") => `s${i}${side}`,
  e2eChat: (i: number) => benchUuid(1001 + i),
  e2eUser: (chat: number, member: number) => `e${chat}m${member}`,
  fanoutChat: benchUuid(2001),
  /** f0 sends; f1..fN hold the subscribed sockets. */
  fanoutUser: (i: number) => `f${i}`,
  historyChat: benchUuid(3001),
  historyUser: "h0",
  listUser: "l0",
  idleUser: (i: number) => `i${i}`,
} as const;

/** Numeric ranges behind the ids above, for the seeding SQL. */
export const idBase = {
  send: 1,
  e2e: 1001,
  fanout: 2001,
  history: 3001,
  list: 20_001,
  filler: 100_001,
} as const;
