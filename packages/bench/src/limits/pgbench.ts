import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../proc";

const PGBENCH = "/usr/lib/postgresql/15/bin/pgbench";

const chatId = "('00000000-0000-7000-8000-' || lpad(to_hex(:n + 1), 12, '0'))::uuid";
const senderId = "'s' || :n || 'a'";
const event = JSON.stringify({
  specversion: "1.0",
  id: "00000000-0000-7000-8000-000000000000",
  source: "chat-svc",
  type: "chat.message.created",
  time: "2026-01-01T00:00:00.000Z",
  datacontenttype: "application/json",
  data: {
    chatId: "00000000-0000-7000-8000-000000000001",
    chatType: "group",
    message: {
      id: "00000000-0000-7000-8000-000000000000",
      seq: 1,
      senderId: "s0a",
      type: "text",
      content: "pgbench message with a body of roughly one hundred bytes, like a line typed in chat",
      attachments: [],
      createdAt: "2026-01-01T00:00:00.000Z",
    },
  },
});

/** The send path's transaction, statement for statement, over the seeded send chats. */
const SEND_SCRIPT = `\\set n random(0, 199)
BEGIN;
SELECT c.type FROM chat_members m JOIN chats c ON c.id = m.chat_id WHERE m.chat_id = ${chatId} AND m.user_id = ${senderId} AND m.removed_at IS NULL;
UPDATE chats SET last_seq = last_seq + 1, last_message_id = gen_random_uuid(), last_activity_at = now(), updated_at = now() WHERE id = ${chatId} RETURNING last_seq \\gset
INSERT INTO messages (id, chat_id, seq, sender_id, type, content) VALUES (gen_random_uuid(), ${chatId}, :last_seq, ${senderId}, 'text', 'pgbench message with a body of roughly one hundred bytes, like a line typed in chat');
UPDATE chat_members SET last_read_seq = greatest(last_read_seq, :last_seq) WHERE chat_id = ${chatId} AND user_id = ${senderId};
INSERT INTO outbox (id, destination, routing_key, event) VALUES (gen_random_uuid(), 'chat', 'chat.message.created', '${event}'::jsonb);
END;
`;

export interface PgbenchResult {
  clients: number;
  tps: number;
  latencyAvgMs: number;
}

/** The database's ceiling for the send transaction at the api's pool size, same durability (synchronous_commit on). */
export async function runPgbench(
  databaseUrl: string,
  clients: number,
  durationSec: number,
): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "chat-bench-"));
  const script = join(dir, "send.sql");
  writeFileSync(script, SEND_SCRIPT);
  const output = await runCommand(
    PGBENCH,
    [
      "-n",
      "-M",
      "prepared",
      "-f",
      script,
      "-c",
      String(clients),
      "-j",
      "2",
      "-T",
      String(durationSec),
      databaseUrl,
    ],
    { timeoutMs: (durationSec + 30) * 1000 },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
  const latencyAvgMs = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${output}`);
  return { clients, tps, latencyAvgMs };
}
