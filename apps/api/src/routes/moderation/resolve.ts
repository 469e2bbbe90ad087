import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { resolveDispute } from "../../services/moderation/resolve-dispute";
import { ChatIdParamSchema } from "../chats/schema";
import { disputeExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { DisputeSchema, ResolveDisputeBodySchema } from "./schema";

export const resolveDisputeRoute = createRoute({
  method: "post",
  operationId: "resolveDispute",
  path: "/{id}/resolve",
  tags: ["moderation"],
  summary: "Resolve the open dispute",
  description:
    "The chat's moderator (member role `moderator`) or an admin. Closes the open dispute with `outcome` and `comment` (409 when none is open); a system message says so, `chat.dispute.resolved` goes out through the outbox and the action is audited.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(ResolveDisputeBodySchema, "The outcome", {
      outcome: "refund_buyer",
      comment: "Tracking shows no delivery",
    }),
  },
  responses: {
    200: jsonResponse(DisputeSchema, "The resolved dispute", {
      ...disputeExample,
      status: "resolved",
      outcome: "refund_buyer",
      resolvedBy: "mod-1",
    }),
    ...problems(400, 404, 409, 413, 415),
  },
});

export const resolveDisputeHandler: RouteHandler<typeof resolveDisputeRoute, AppEnv> = async (c) => {
  const { outcome, comment } = c.req.valid("json");
  const dispute = await resolveDispute({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, outcome, comment },
  });
  return c.json(dispute, 200);
};
