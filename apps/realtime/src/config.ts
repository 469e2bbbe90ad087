import {
  authEnv,
  authSourceMessage,
  commonEnv,
  originsEnv,
  realtimeEnv,
  requireAuthSource,
} from "@chat/shared/env";
import { z } from "zod";

/** What the realtime node's logic needs; connection URLs live in env.ts, clients are injected. */
export const RealtimeConfig = z
  .object({
    ...commonEnv,
    ...authEnv,
    ...realtimeEnv,
    ...originsEnv,
    /** How long a presence mark lives; this node refreshes its users at a third of it. */
    PRESENCE_TTL_MS: z.coerce.number().int().min(3000).default(60_000),
  })
  .refine(requireAuthSource, authSourceMessage);
export type RealtimeConfig = z.infer<typeof RealtimeConfig>;
