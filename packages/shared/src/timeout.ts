/** Thrown by withTimeout; `what` names the operation in logs. */
export class TimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`${what} timed out after ${timeoutMs} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Settles as `promise` does, or rejects with TimeoutError after `timeoutMs`. The timer is cleared either
 * way, so a fast answer leaves nothing behind to keep the process alive.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what = "operation"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, timeoutMs)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
