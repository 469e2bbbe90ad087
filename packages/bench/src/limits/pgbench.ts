import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPEND_MESSAGE_SQL } from "@chat/db/queries";
import { EVENT_SOURCE } from "@chat/shared/contracts";
import { runCommand } from "../proc";

const PGBENCH = "/usr/lib/postgresql/15/bin/pgbench";

const chatId = "('00000000-0000-7000-8000-' || lpad(to_hex(:n::int + 1), 12, '0'))::uuid";
const senderId = "('s' || :n::int || 'a')";
const content = "'pgbench message with a body of roughly one hundred bytes, like a line typed in chat'";

/** The send path's own statement (`appendMessage`), its parameters filled as a bench send fills them. */
const parameters: Record<number, string> = {
  1: chatId,
  2: senderId,
  3: "('pgbench-' || :n::int || '-' || :r::int)",
  4: "'user'",
  5: "null",
  6: "gen_random_uuid()",
  7: "'text'",
  8: content,
  9: "'[]'",
  10: "gen_random_uuid()",
  11: `'${EVENT_SOURCE}'`,
  12: "now()::text",
  13: "'{}'",
};
const SEND_SCRIPT = `\\set n random(0, 199)
\\set r random(1, 1000000000)
${APPEND_MESSAGE_SQL.replace(/\$(\d+)/g, (_, index: string) => parameters[Number(index)] ?? "null")};
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
