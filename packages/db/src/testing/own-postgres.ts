import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@chat/shared/testing";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "../embedded";
import { migrateDatabase } from "../migrate";

export interface OwnPostgres extends EmbeddedPostgresHandle {
  /** Stops the server and deletes its directory. */
  dispose(): Promise<void>;
}

/**
 * A migrated PostgreSQL that only this test uses, for the tests that stop or crash it: never the shared
 * server. Its directory is opened to other users because as root the server runs as user postgres.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), "chat-svc-own-pg-"));
  await chmod(dir, 0o755);
  const handle = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort() });
  await migrateDatabase(handle.url);
  return {
    ...handle,
    async dispose() {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
