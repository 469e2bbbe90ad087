import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@chat/shared/testing";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "../embedded";
import { migrateDatabase } from "../migrate";
import { withDatabase } from "./urls";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * One PostgreSQL server for the run (DATABASE_URL's, else an embedded one) and one migrated template
 * database; every test file clones the template into a fresh database of its own.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgresHandle | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "chat-svc-test-pg-"));
    // As root the server runs as user postgres, which must be able to enter this directory.
    await chmod(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    adminUrl = embedded.adminUrl;
  }

  const template = `chat_template_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  await migrateDatabase(withDatabase(adminUrl, template));

  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);

  return async () => {
    await admin.unsafe(`drop database if exists "${template}" with (force)`);
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${template}_t%`}`;
    for (const { datname } of leftovers)
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.end({ timeout: 5 });
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
