import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { resolveCase } from "../../services/moderation/resolve-case";
import { caseExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { CaseIdParam, ModerationCaseSchema, ResolveCaseBodySchema } from "./schema";

export const resolveCaseRoute = createRoute({
  method: "post",
  operationId: "resolveCase",
  path: "/cases/{id}/resolve",
  tags: ["moderation"],
  summary: "Resolve a case with an action",
  description:
    "The case's assignee or an admin (another moderator gets 403). `action`: `dismiss`; `delete_message` (cases about a message); `mute` and `ban_from_chat` (the reported user or the message's sender; `durationSec` omitted = until lifted; bans only in group chats, 409 elsewhere); `freeze_chat`. The action and the closing commit in one transaction; a closed case is 409. Audited; `chat.case.resolved` goes out through the outbox.",
  security: bearer,
  request: {
    params: CaseIdParam,
    body: jsonBody(ResolveCaseBodySchema, "The action", {
      action: "mute",
      durationSec: 86400,
      comment: "Off-platform payment request",
    }),
  },
  responses: {
    200: jsonResponse(ModerationCaseSchema, "The closed case", {
      ...caseExample,
      status: "closed",
      action: "mute",
      resolvedBy: "mod-1",
    }),
    ...problems(400, 404, 409, 413, 415),
  },
});

export const resolveCaseHandler: RouteHandler<typeof resolveCaseRoute, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const resolved = await resolveCase({
    ctx: serviceContext(c),
    input: { caseId: c.req.valid("param").id, ...body },
  });
  return c.json(resolved, 200);
};
