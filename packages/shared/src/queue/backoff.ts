/** Exponential back-off with ±20% jitter, so redeliveries of many failed messages spread out. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = exponential * 0.2 * (Math.random() * 2 - 1);
  return Math.max(0, Math.round(exponential + jitter));
}

/** Topic-exchange matching: `*` is exactly one word, `#` zero or more. */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const words = routingKey.split(".");
  const parts = pattern.split(".");
  const match = (p: number, w: number): boolean => {
    if (p === parts.length) return w === words.length;
    const part = parts[p];
    if (part === "#") return match(p + 1, w) || (w < words.length && match(p, w + 1));
    if (w === words.length) return false;
    return (part === "*" || part === words[w]) && match(p + 1, w + 1);
  };
  return match(0, 0);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
