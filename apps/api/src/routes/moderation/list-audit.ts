import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { listAudit } from "../../services/moderation/list-audit";
import { auditPageExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { AuditPageSchema, ListAuditQuery } from "./schema";

export const listAuditRoute = createRoute({
  method: "get",
  operationId: "listAudit",
  path: "/audit",
  tags: ["moderation"],
  summary: "The audit trail",
  description:
    "Admins see every entry; a moderator sees the entries of chats they moderate; users get 403. Every moderation act: `moderator.assigned`, `dispute.opened`, `dispute.resolved`, `message.deleted` (by staff), `member.muted`, `member.unmuted`, `member.banned`, `member.unbanned`, `chat.frozen`, `chat.unfrozen`, `case.claimed`, `case.resolved`, and the content rules' and automatic penalties' own entries. `actor` is a user id or `system` (filter with `actorId=system`). Newest first; append-only: no code path updates or deletes an entry, and the database refuses it too.",
  security: bearer,
  request: { query: ListAuditQuery },
  responses: {
    200: jsonResponse(AuditPageSchema, "A page of audit entries", auditPageExample),
    ...problems(400),
  },
});

export const listAuditHandler: RouteHandler<typeof listAuditRoute, AppEnv> = async (c) => {
  return c.json(await listAudit({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);
};
