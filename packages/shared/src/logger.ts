import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/** Tokens, secrets and message bodies never reach the logs, at the depths our log calls put them. */
const REDACT = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "*.headers.cookie",
  "*.*.headers.authorization",
  "JWT_SECRET",
  "*.JWT_SECRET",
  "password",
  "*.password",
  "content",
  "*.content",
  "*.*.content",
  "*.message.content",
  "*.*.message.content",
  "*.frame.message.content",
  "preview",
  "*.preview",
  "*.*.preview",
];

export function createLogger(options: {
  level?: string;
  name: string;
  base?: Record<string, unknown>;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? "info",
      base: { service: "chat-svc", ...options.base },
      redact: { paths: REDACT, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** Strips secrets from a URL before it is logged: `?token=` in WebSocket URLs above all. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token)=)[^&#]*/gi, "$1[redacted]");
}
