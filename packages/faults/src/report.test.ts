import { describe, expect, it } from "vitest";
import { type FaultRow, failuresOf, formatTable } from "./report";

const clean: FaultRow = {
  key: "redis-kill",
  fault: "Redis kill -9",
  acked: 10,
  stored: 10,
  lost: 0,
  duplicated: 0,
  gaps: 0,
  missed: 0,
  doubled: 0,
  leaked: 0,
  unrelayed: 0,
  recoverSec: 1.25,
  crashed: 0,
  notes: [],
};

describe("the fault table", () => {
  it("passes a row only when nothing was lost, doubled, skipped, leaked or crashed and it recovered", () => {
    expect(failuresOf(clean)).toEqual([]);
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
      expect(failuresOf({ ...clean, [field]: 1 })).toEqual([`${field} 1`]);
    }
    expect(failuresOf({ ...clean, recoverSec: null })).toEqual(["did not recover"]);
  });

  it("prints one Markdown row per fault; a known failing row still shows what failed", () => {
    const table = formatTable([clean, { ...clean, key: "x", fault: "X", leaked: 3 }], new Set(["x"]));
    const lines = table.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe("| Redis kill -9 | 10 | 10 | 0 | 0 | 0 | 0 / 0 | 0 | 0 | 1.3 | 0 | pass |");
    expect(lines[3]).toContain("| KNOWN FAILING: leaked 3 |");
  });
});
