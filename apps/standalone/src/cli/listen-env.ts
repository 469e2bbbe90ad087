import { realtimeEnv } from "@chat/shared/env";
import { z } from "zod";

export const ListenEnv = z.object({
  REALTIME_PORT: realtimeEnv.REALTIME_PORT,
  REALTIME_URL: z.url().optional(),
});
export type ListenEnv = z.infer<typeof ListenEnv>;
