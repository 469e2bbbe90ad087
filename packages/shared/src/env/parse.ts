import type { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Source = Record<string, string | undefined>;

/**
 * Parses the whole environment at once, so one failure names every bad or missing variable, one line
 * each. Values are never echoed: they may be secrets.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: Source): z.infer<S> {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(blanksRemoved);
  if (result.success) return result.data;
  const byName = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const name = issue.path.map(String).join(".") || "(environment)";
    const missing = issue.code === "invalid_type" && blanksRemoved[name] === undefined;
    byName.set(name, [...(byName.get(name) ?? []), missing ? "is required but not set" : issue.message]);
  }
  throw new ConfigError([...byName].map(([name, messages]) => `${name}: ${messages.join("; ")}`));
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
