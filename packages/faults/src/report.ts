/** One fault's outcome: what clients were promised (acked) against what the service kept and delivered. */
export interface FaultRow {
  key: string;
  fault: string;
  acked: number;
  stored: number;
  lost: number;
  duplicated: number;
  gaps: number;
  missed: number;
  doubled: number;
  /** Deliveries to a member after their removal took effect (the bounded re-check included). */
  leaked: number;
  /** Outbox events still unpublished once everything else settled. */
  unrelayed: number;
  /** From the dependency's return (or the kill) until every app is ready and a new message reaches every listener. */
  recoverSec: number | null;
  crashed: number;
  notes: string[];
}

export function failuresOf(row: FaultRow): string[] {
  const failures: string[] = [];
  for (const field of [
    "lost",
    "duplicated",
    "gaps",
    "missed",
    "doubled",
    "leaked",
    "unrelayed",
    "crashed",
  ] as const) {
    if (row[field] > 0) failures.push(`${field} ${row[field]}`);
  }
  if (row.recoverSec === null) failures.push("did not recover");
  if (row.stored < row.acked) failures.push("fewer stored than acked");
  return failures;
}

/** The one table the suite prints (Markdown, so RELIABILITY.md can hold it as it is). */
export function formatTable(rows: FaultRow[], knownFailing: Set<string>): string {
  const header = [
    "fault",
    "acked",
    "stored",
    "lost",
    "duplicated",
    "gaps",
    "missed / doubled deliveries",
    "leaked",
    "unrelayed events",
    "recovery (s)",
    "crashed processes",
    "verdict",
  ];
  const lines = rows.map((row) => {
    const failures = failuresOf(row);
    const verdict =
      failures.length === 0
        ? "pass"
        : `${knownFailing.has(row.key) ? "KNOWN FAILING" : "FAIL"}: ${failures.join(", ")}`;
    return [
      row.fault,
      row.acked,
      row.stored,
      row.lost,
      row.duplicated,
      row.gaps,
      `${row.missed} / ${row.doubled}`,
      row.leaked,
      row.unrelayed,
      row.recoverSec === null ? "—" : row.recoverSec.toFixed(1),
      row.crashed,
      verdict,
    ];
  });
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
