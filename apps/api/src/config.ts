import {
  apiEnv,
  authEnv,
  authSourceMessage,
  commonEnv,
  originsEnv,
  requireAuthSource,
} from "@chat/shared/env";
import { z } from "zod";

/** What the api's logic needs; connection URLs live in env.ts, clients are injected. */
export const ApiConfig = z
  .object({
    ...commonEnv,
    ...authEnv,
    ...apiEnv,
    ...originsEnv,
    /** How long a known user's profile (and ban) is trusted before PostgreSQL is asked again. */
    USER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    /** A publish that takes longer is abandoned: clients recover the frame by seq. */
    BUS_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(1).default(1000),
    /** How stale this node's copy of the moderation rules may get; at most 5 s, as DESIGN.md promises. */
    RULES_POLL_MS: z.coerce.number().int().min(0).max(5000).default(2000),
  })
  .refine(requireAuthSource, authSourceMessage);
export type ApiConfig = z.infer<typeof ApiConfig>;
