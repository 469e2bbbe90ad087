import path from "node:path";
import { fileURLToPath } from "node:url";

/** Resolved from this file, not the working directory, so `pnpm start` finds the same data from anywhere. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const DEFAULT_PG_DATA_DIR = path.join(REPO_ROOT, ".data", "postgres");
