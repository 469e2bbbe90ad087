import { loadEnvOrExit } from "@chat/shared/env";
import { migrateDatabase } from "./migrate";
import { migrateEnv } from "./migrate-env";

const env = loadEnvOrExit(migrateEnv, process.env);
await migrateDatabase(env.DATABASE_URL);
process.stdout.write("migrations applied\n");
