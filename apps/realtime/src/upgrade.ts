import type { HttpRequest, HttpResponse, us_socket_context_t } from "uWebSockets.js";
import { isUserBlocked } from "@chat/db/queries";
import { bearerToken, type Principal, type VerifyToken } from "@chat/shared/auth";
import { ChatId, Seq } from "@chat/shared/contracts";
import { allowedOrigins, isOriginListed } from "@chat/shared/env";
import { AppError } from "@chat/shared/errors";
import { redactUrl } from "@chat/shared/logger";
import type { Conn } from "./connection";
import type { Gateway } from "./gateway";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  503: "Service Unavailable",
};

export interface UpgradeOptions {
  verifyToken: VerifyToken;
  isDraining: () => boolean;
}

/**
 * Browsers always send Origin, so an allow-list stops cross-site WebSocket hijacking; clients without
 * Origin are not browsers and pass. An empty list admits no browser at all, `*` admits every origin.
 */
export function isOriginAllowed(origin: string, allowed: string[]): boolean {
  return !origin || isOriginListed(origin, allowed);
}

/**
 * Authenticates before upgrading. Everything is read from the request synchronously (it is only valid
 * during this callback), onAborted is attached before the first await, the upgrade is corked and never
 * happens once the client has gone. The token is never logged.
 */
export function createUpgradeHandler(gateway: Gateway, options: UpgradeOptions) {
  let nextId = 1;
  return (res: HttpResponse, req: HttpRequest, context: us_socket_context_t) => {
    const origin = req.getHeader("origin");
    const key = req.getHeader("sec-websocket-key");
    const protocol = req.getHeader("sec-websocket-protocol");
    const extensions = req.getHeader("sec-websocket-extensions");
    const token = req.getQuery("token") || bearerToken(req.getHeader("authorization"));
    const chatIdText = req.getUrl().startsWith("/ws/chat/") ? req.getParameter(0) : undefined;
    const sinceSeqText = req.getQuery("sinceSeq");
    const url = redactUrl(`${req.getUrl()}?${req.getQuery() ?? ""}`);

    const reject = (status: number, detail: string) => {
      gateway.metrics.rejectedUpgrades.inc({ status: String(status) });
      gateway.logger.debug({ url, status, detail }, "upgrade refused");
      const title = STATUS_TEXT[status] ?? "Error";
      res
        .writeStatus(`${status} ${title}`)
        .writeHeader("content-type", "application/problem+json")
        .end(JSON.stringify({ type: "about:blank", title, status, detail }));
    };

    if (options.isDraining()) return reject(503, "node is shutting down; connect to another");
    if (!isOriginAllowed(origin, allowedOrigins(gateway.config))) return reject(403, "origin not allowed");
    const initialChat = parseInitialChat(chatIdText, sinceSeqText);
    if (initialChat === "invalid") return reject(400, "chat id or sinceSeq is invalid");
    if (!token) return reject(401, "missing token");

    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    authenticate(gateway, options.verifyToken, token).then(
      (principal) => {
        if (aborted) return;
        const conn: Conn = {
          id: nextId++,
          userId: principal.userId,
          role: principal.role,
          ws: null,
          closed: false,
          chats: undefined,
          typingTimers: undefined,
          drainWaiters: undefined,
          tokens: 0,
          refilledAtMs: 0,
          refusedCount: 0,
          refusedWindowStartMs: 0,
          expiresAtMs: expiryOf(token),
          expiryIndex: -1,
          initialChat,
        };
        gateway.logger.debug({ url, connId: conn.id, userId: conn.userId }, "upgrade accepted");
        res.cork(() => res.upgrade(conn, key, protocol, extensions, context));
      },
      (error: unknown) => {
        if (aborted) return;
        const status = error instanceof AppError ? error.status : 503;
        if (status === 503) gateway.logger.warn({ err: error }, "upgrade failed");
        res.cork(() => reject(status, error instanceof AppError ? error.message : "try again shortly"));
      },
    );
  };
}

async function authenticate(gateway: Gateway, verifyToken: VerifyToken, token: string): Promise<Principal> {
  const principal = await verifyToken(token);
  if (await isUserBlocked(gateway.db.db, principal.userId)) throw new AppError("FORBIDDEN", "user is banned");
  return principal;
}

function parseInitialChat(
  chatIdText: string | undefined,
  sinceSeqText: string,
): { chatId: string; sinceSeq?: number } | null | "invalid" {
  if (chatIdText === undefined) return null;
  const chatId = ChatId.safeParse(chatIdText);
  if (!chatId.success) return "invalid";
  if (!sinceSeqText) return { chatId: chatId.data };
  const sinceSeq = Seq.safeParse(Number(sinceSeqText));
  if (!/^\d+$/.test(sinceSeqText) || !sinceSeq.success) return "invalid";
  return { chatId: chatId.data, sinceSeq: sinceSeq.data };
}

/** Reads `exp` from a token that verifyToken already accepted (the signature is checked by then). */
function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload.exp === "number" ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}
