import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { createDbClient, type DbClient } from "@chat/db";
import { MIGRATIONS_DIR, migrateDatabase } from "@chat/db/migrate";
import { E2E_CHATS, E2E_MEMBERS, HISTORY_FILLER_PER_CHAT, idBase, LIST_CHATS, SEND_CHATS } from "./ids";

export interface SeedPlan {
  historyChatMessages: number;
  historyTableMessages: number;
  fanoutMembers: number;
  idleUsers: number;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const HISTORY_CHUNK = 1_000_000;

/**
 * Makes `name` a migrated, seeded database for `plan`, reusing it when a previous run seeded the same
 * plan over the same migrations (a 10M-row history takes minutes to write). `cloneOf` copies an
 * already seeded database instead of seeding again; the migrations then run on the copy as well.
 */
export async function prepareDatabase(
  adminUrl: string,
  name: string,
  plan: SeedPlan,
  log: (line: string) => void,
  cloneOf?: string,
): Promise<string> {
  const url = withDatabase(adminUrl, name);
  const key = planKey(plan);
  if (await hasSeed(url, key)) {
    log(`${name}: reusing the seeded database`);
    return url;
  }
  const admin = connect(adminUrl);
  try {
    await admin.sql.unsafe("SET statement_timeout = 0");
    await admin.sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.sql.unsafe(
      cloneOf ? `CREATE DATABASE ${name} TEMPLATE ${cloneOf}` : `CREATE DATABASE ${name}`,
    );
  } finally {
    await admin.close();
  }
  await migrateDatabase(url);
  if (cloneOf) {
    log(`${name}: cloned from ${cloneOf} and migrated`);
    return url;
  }
  const started = Date.now();
  await seedDatabase(url, plan, log);
  const client = connect(url);
  try {
    await client.sql`insert into bench_seed (key) values (${key})`;
  } finally {
    await client.close();
  }
  log(`${name}: seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return url;
}

function planKey(plan: SeedPlan): string {
  const migrations = readdirSync(MIGRATIONS_DIR).filter((file) => file.endsWith(".sql"));
  return createHash("sha256")
    .update(JSON.stringify({ plan, migrations, version: 1 }))
    .digest("hex");
}

async function hasSeed(url: string, key: string): Promise<boolean> {
  const client = connect(url);
  try {
    const rows = await client.sql`select 1 from bench_seed where key = ${key}`;
    return rows.length > 0;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

async function seedDatabase(url: string, plan: SeedPlan, log: (line: string) => void): Promise<void> {
  const client = connect(url);
  const sql = client.sql;
  const ratio = Math.round(plan.historyTableMessages / plan.historyChatMessages);
  const fillerChats = Math.ceil(
    (plan.historyTableMessages - plan.historyChatMessages) / HISTORY_FILLER_PER_CHAT,
  );
  const b = idBase;
  try {
    await sql.unsafe("SET statement_timeout = 0");
    await sql.unsafe("SET synchronous_commit = off");
    await sql.unsafe("SET maintenance_work_mem = '256MB'");
    await sql.unsafe("CREATE TABLE IF NOT EXISTS bench_seed (key text PRIMARY KEY)");
    await sql.unsafe(`CREATE OR REPLACE FUNCTION pg_temp.chat_uuid(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
      AS $$ SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$`);
    await sql.unsafe(`CREATE OR REPLACE FUNCTION pg_temp.message_uuid(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
      AS $$ SELECT ('10000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$`);
    await sql.unsafe(`INSERT INTO users (id, name) SELECT id, id FROM (
        SELECT 's' || i || side AS id FROM generate_series(0, ${SEND_CHATS - 1}) i, (VALUES ('a'), ('b')) s(side)
        UNION ALL SELECT 'e' || c || 'm' || k FROM generate_series(0, ${E2E_CHATS - 1}) c, generate_series(0, ${E2E_MEMBERS - 1}) k
        UNION ALL SELECT 'f' || k FROM generate_series(0, ${plan.fanoutMembers}) k
        UNION ALL SELECT 'i' || k FROM generate_series(0, ${plan.idleUsers - 1}) k
        UNION ALL VALUES ('h0'), ('l0')) u`);
    await sql.unsafe(`INSERT INTO chats (id, type, title) SELECT pg_temp.chat_uuid(n), 'group', 'bench ' || n FROM (
        SELECT generate_series(${b.send}, ${b.send + SEND_CHATS - 1}) n
        UNION ALL SELECT generate_series(${b.e2e}, ${b.e2e + E2E_CHATS - 1})
        UNION ALL SELECT ${b.fanout} UNION ALL SELECT ${b.history}
        UNION ALL SELECT generate_series(${b.filler}, ${b.filler + fillerChats - 1})
        UNION ALL SELECT generate_series(${b.list}, ${b.list + LIST_CHATS - 1})) c`);
    await sql.unsafe(`INSERT INTO chat_members (chat_id, user_id)
        SELECT pg_temp.chat_uuid(${b.send} + i), 's' || i || side FROM generate_series(0, ${SEND_CHATS - 1}) i, (VALUES ('a'), ('b')) s(side)
        UNION ALL SELECT pg_temp.chat_uuid(${b.e2e} + c), 'e' || c || 'm' || k FROM generate_series(0, ${E2E_CHATS - 1}) c, generate_series(0, ${E2E_MEMBERS - 1}) k
        UNION ALL SELECT pg_temp.chat_uuid(${b.fanout}), 'f' || k FROM generate_series(0, ${plan.fanoutMembers}) k
        UNION ALL SELECT pg_temp.chat_uuid(${b.history}), 'h0'
        UNION ALL SELECT pg_temp.chat_uuid(${b.list} + i), 'l0' FROM generate_series(0, ${LIST_CHATS - 1}) i`);
    log(`seeded users, chats and members; writing ${plan.historyTableMessages} history messages`);

    // Every `ratio`-th row belongs to the measured chat, so its pages interleave with the others' as in a live table.
    for (let from = 1; from <= plan.historyTableMessages; from += HISTORY_CHUNK) {
      const to = Math.min(plan.historyTableMessages, from + HISTORY_CHUNK - 1);
      await sql.unsafe(`INSERT INTO messages (id, chat_id, seq, sender_id, content, created_at)
        SELECT pg_temp.message_uuid(g),
          CASE WHEN g % ${ratio} = 0 THEN pg_temp.chat_uuid(${b.history})
               ELSE pg_temp.chat_uuid(${b.filler} + (g - g / ${ratio} - 1) / ${HISTORY_FILLER_PER_CHAT}) END,
          CASE WHEN g % ${ratio} = 0 THEN g / ${ratio} ELSE (g - g / ${ratio} - 1) % ${HISTORY_FILLER_PER_CHAT} + 1 END,
          'h0', 'history message ' || g || ' with a body of roughly one hundred bytes, like a line typed in chat',
          now() - (${plan.historyTableMessages} - g) * interval '10 milliseconds'
        FROM generate_series(${from}, ${to}) g`);
      log(`  history rows ${to}/${plan.historyTableMessages}`);
    }
    await sql.unsafe(`UPDATE chats SET last_seq = (SELECT max(seq) FROM messages m WHERE m.chat_id = chats.id)
        WHERE id = pg_temp.chat_uuid(${b.history})
           OR id BETWEEN pg_temp.chat_uuid(${b.filler}) AND pg_temp.chat_uuid(${b.filler + fillerChats - 1})`);

    // The chat list: each chat has a last message and a read mark behind it, so unread counts are non-zero.
    await sql.unsafe(`INSERT INTO messages (id, chat_id, seq, sender_id, content)
        SELECT pg_temp.message_uuid(900000000 + i), pg_temp.chat_uuid(${b.list} + i), 1 + i % 37, 'l0',
          'last message of chat ' || i FROM generate_series(0, ${LIST_CHATS - 1}) i`);
    await sql.unsafe(`UPDATE chats SET last_seq = 1 + (n - ${b.list}) % 37,
          last_message_id = pg_temp.message_uuid(900000000 + n - ${b.list}),
          last_activity_at = now() - (n - ${b.list}) * interval '1 minute'
        FROM generate_series(${b.list}, ${b.list + LIST_CHATS - 1}) n WHERE id = pg_temp.chat_uuid(n)`);
    await sql.unsafe(`UPDATE chat_members SET last_read_seq = (1 + (n - ${b.list}) % 37) / 2
        FROM generate_series(${b.list}, ${b.list + LIST_CHATS - 1}) n
        WHERE chat_id = pg_temp.chat_uuid(n) AND user_id = 'l0'`);
    log("vacuuming and analyzing");
    await sql.unsafe("VACUUM ANALYZE");
  } finally {
    await client.close();
  }
}

/** One session, so session settings and pg_temp functions hold for every statement. */
function connect(url: string): DbClient {
  return createDbClient(url, { max: 1, applicationName: "chat-bench-seed" });
}
