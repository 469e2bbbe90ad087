import { CloseCode } from "@chat/shared/contracts";

export { CloseCode };

/** RFC 6455 "policy violation": a client that keeps flooding after RATE_LIMITED errors. */
export const POLICY_VIOLATION = 1008;

/** Short reasons sent with each close code (a close reason must stay under 123 bytes). */
export const closeReason = {
  [CloseCode.SERVICE_RESTART]: "service restart, reconnect",
  [CloseCode.MESSAGE_TOO_BIG]: "frame too large",
  [CloseCode.UNAUTHORIZED]: "token expired, reconnect with a new one",
  [CloseCode.BANNED]: "user banned",
  [CloseCode.SLOW_CONSUMER]: "slow consumer, reconnect and recover by seq",
  [CloseCode.TOO_MANY_CONNECTIONS]: "too many connections for this user",
  [CloseCode.RESYNC]: "resync needed, reconnect and recover by seq",
  [POLICY_VIOLATION]: "too many frames",
} as const;
