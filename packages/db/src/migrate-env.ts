import { databaseEnv } from "@chat/shared/env";
import { z } from "zod";

export const migrateEnv = z.object({ DATABASE_URL: databaseEnv.DATABASE_URL });
