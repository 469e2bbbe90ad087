import type { Problem } from "@chat/shared/errors";
import { ChatApiError } from "./errors";

/** Returns a bearer token; `refresh` is true after the service refused the last one (401). */
export type TokenProvider = (options: { refresh: boolean }) => string | Promise<string>;

export interface TransportOptions {
  /** The api's origin, e.g. `http://localhost:8003`. */
  baseUrl: string;
  token: TokenProvider;
  /** Defaults to the platform's fetch (browsers, Node 20). */
  fetch?: typeof fetch;
}

export type Query = Record<string, string | number | undefined>;

/** One authenticated JSON request; a 401 asks the token callback for a fresh token and retries once. */
export type Send = <T>(
  method: string,
  path: string,
  options?: { query?: Query; body?: unknown },
) => Promise<T>;

export function createTransport(options: TransportOptions): Send {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, "");

  const attempt = async (method: string, url: string, body: unknown, refresh: boolean) => {
    const headers: Record<string, string> = { authorization: `Bearer ${await options.token({ refresh })}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    return doFetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };

  return async <T>(method: string, path: string, { query, body }: { query?: Query; body?: unknown } = {}) => {
    const url = `${base}${path}${queryString(query)}`;
    let response = await attempt(method, url, body, false);
    if (response.status === 401) response = await attempt(method, url, body, true);
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : null;
    if (response.ok) return parsed as T;
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new ChatApiError(asProblem(parsed, response.status, text), retryAfter > 0 ? retryAfter : undefined);
  };
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A proxy in between may answer with HTML; the caller still gets a problem to show. */
function asProblem(body: unknown, status: number, text: string): Problem {
  if (body && typeof body === "object" && "code" in body && "status" in body) return body as Problem;
  return {
    type: "about:blank",
    title: "Unexpected response",
    status,
    detail: text.slice(0, 200) || `HTTP ${status}`,
    code: status >= 500 ? "UNAVAILABLE" : "BAD_REQUEST",
  };
}
