import { type Logger, pino } from "pino";

export type { Logger };

/** Tokens and message bodies never reach the logs. */
const REDACT = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "content",
  "*.content",
  "*.message.content",
  "*.frame.message.content",
  "password",
  "*.password",
];

export function createLogger(options: {
  level?: string;
  name: string;
  base?: Record<string, unknown>;
}): Logger {
  return pino({
    name: options.name,
    level: options.level ?? "info",
    base: { service: "chat-svc", ...options.base },
    redact: { paths: REDACT, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Strips secrets from a URL before it is logged: `?token=` in WebSocket URLs above all. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token)=)[^&#]*/gi, "$1[redacted]");
}
