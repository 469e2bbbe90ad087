import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Queries take either: a plain handle or the transaction they must run in. */
export type Executor = Database | Transaction;

/**
 * The postgres.js handle behind a Drizzle database or transaction, for the hot statements that Drizzle
 * cannot prepare (its `execute` never names a statement, so PostgreSQL would plan a CTE on every call).
 * Drizzle keeps it on the session it hands every executor; the tests of those statements guard the path.
 */
export function sqlOf(executor: Executor): postgres.Sql {
  return (executor as unknown as { session: { client: postgres.Sql } }).session.client;
}

export interface DbClient {
  db: Database;
  /** Raw postgres.js: Drizzle turns its date serializers off, so pass times as ISO strings with ::timestamptz. */
  sql: postgres.Sql;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DbOptions {
  max?: number;
  applicationName?: string;
}

export function createDbClient(url: string, options: DbOptions = {}): DbClient {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    // While PostgreSQL is away a request must fail fast with 503 rather than wait: a dead host gets 2 s to
    // answer, and the reconnect back-off stays under half a second (postgres.js grows it to 20 s, and every
    // queued query waits it out: 30-40 s per request in an outage).
    connect_timeout: 2,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.4),
    max_lifetime: 60 * 30,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? "chat-svc",
      statement_timeout: 15_000,
      idle_in_transaction_session_timeout: 30_000,
    },
  });
  const db = drizzle(sql, { schema });
  return {
    db,
    sql,
    async ping() {
      await sql`select 1`;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
