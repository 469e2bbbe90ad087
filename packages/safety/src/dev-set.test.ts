import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CATEGORIES, detect } from "./index";

/** The shared development set sits beside the clone (`../shared/safety/dev.jsonl` from the repository root). */
const DEV_SET = fileURLToPath(new URL("../../../../shared/safety/dev.jsonl", import.meta.url));
type Line = { id: string; text: string; labels: string[] };
const lines: Line[] = readFileSync(DEV_SET, "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Line);

describe("the detector on the development set", () => {
  const results = lines.map((line) => ({ line, found: detect(line.text).categories as string[] }));

  it("finds at least 95% of every category", () => {
    const figures = CATEGORIES.map((category) => {
      const labelled = results.filter(({ line }) => line.labels.includes(category));
      const missed = labelled.filter(({ found }) => !found.includes(category));
      return { category, labelled: labelled.length, recall: 1 - missed.length / labelled.length, missed };
    });
    for (const { category, labelled, recall, missed } of figures) {
      console.info(`${category}: recall ${(recall * 100).toFixed(1)}% of ${labelled}`);
      for (const { line } of missed) console.info(`  missed ${line.id}: ${line.text}`);
    }
    for (const { recall } of figures) expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it("passes at least 99% of the benign lines untouched", () => {
    const benign = results.filter(({ line }) => line.labels.length === 0);
    const flagged = benign.filter(({ found }) => found.length > 0);
    console.info(`benign: ${flagged.length} false positives of ${benign.length}`);
    for (const { line, found } of flagged) console.info(`  ${line.id} ${found.join(",")}: ${line.text}`);
    expect(flagged.length / benign.length).toBeLessThanOrEqual(0.01);
  });
});
