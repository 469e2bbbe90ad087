import type { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Source = Record<string, string | undefined>;

/** Parses the whole environment at once, so one failure names every bad or missing variable. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Source): z.infer<S> {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(blanksRemoved);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.map(String).join(".");
      const value = name ? source[name] : undefined;
      return `${name || "(environment)"}: ${issue.message}${value === undefined ? " (not set)" : ""}`;
    }),
  );
}

/** Entry points call this: one clear message on stderr and exit 1 instead of a stack trace. */
export function loadEnvOrExit<S extends z.ZodType>(schema: S, source: Source): z.infer<S> {
  try {
    return parseEnv(schema, source);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
