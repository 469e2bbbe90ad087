import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { createDbClient, type DbClient } from "../client";
import { withDatabase } from "./urls";

export interface TestDatabase extends DbClient {
  url: string;
  /** Drops the database; call it in afterAll. */
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, cloned from the run's template. */
export async function createTestDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const template = inject("pgTemplate");
  const name = `${template}_t${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await cloneWithRetry(admin, name, template);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = withDatabase(adminUrl, name);
  const client = createDbClient(url, { max: options.max ?? 10, applicationName: "chat-svc-test" });
  return {
    ...client,
    url,
    async drop() {
      await client.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/** Two files cloning the template at the same instant can collide; a short retry settles it. */
async function cloneWithRetry(admin: postgres.Sql, name: string, template: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${template}"`);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** A database with no schema at all, for migration tests: the template's migrated objects are dropped. */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ max: 1 });
  await db.sql`drop schema public cascade`;
  await db.sql`drop schema if exists drizzle cascade`;
  await db.sql`create schema public`;
  return db;
}
