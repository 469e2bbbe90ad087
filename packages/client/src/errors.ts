import type { Problem } from "@chat/shared/errors";

/** A refused request: the service's problem+json, or a stand-in when the answer was not one. */
export class ChatApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds the service asked the caller to wait (429, 503), when it said. */
  readonly retryAfterSec: number | undefined;

  constructor(problem: Problem, retryAfterSec?: number) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = "ChatApiError";
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterSec = retryAfterSec;
  }
}
