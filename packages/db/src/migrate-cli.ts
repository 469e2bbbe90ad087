import { loadEnvOrExit } from "@chat/shared/env";
import { redactUrl } from "@chat/shared/logger";
import { migrateDatabase } from "./migrate";
import { migrateEnv } from "./migrate-env";

const env = loadEnvOrExit(migrateEnv, process.env);
try {
  await migrateDatabase(env.DATABASE_URL);
  process.stdout.write("migrations applied\n");
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`migration failed on ${databaseOf(env.DATABASE_URL)}: ${reason}\n`);
  process.exit(1);
}

/** Names the server and database without the password. */
function databaseOf(url: string): string {
  const parsed = new URL(url);
  parsed.password = "";
  return redactUrl(parsed.toString());
}
