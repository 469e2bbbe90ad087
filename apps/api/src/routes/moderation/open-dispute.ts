import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { openDispute } from "../../services/moderation/open-dispute";
import { ChatIdParamSchema } from "../chats/schema";
import { disputeExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { DisputeSchema, OpenDisputeBodySchema } from "./schema";

export const openDisputeRoute = createRoute({
  method: "post",
  operationId: "openDispute",
  path: "/{id}/dispute",
  tags: ["moderation"],
  summary: "Open the deal's dispute",
  description:
    "Active members of a deal chat. One dispute may be open at a time (409 otherwise; also 409 for chats that are not deal chats). A system message says so and `chat.dispute.opened` goes out through the outbox.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(OpenDisputeBodySchema, "Why", { reason: "The item never arrived" }),
  },
  responses: {
    201: jsonResponse(DisputeSchema, "The open dispute", disputeExample),
    ...problems(400, 404, 409, 413, 415),
  },
});

export const openDisputeHandler: RouteHandler<typeof openDisputeRoute, AppEnv> = async (c) => {
  const dispute = await openDispute({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, reason: c.req.valid("json").reason },
  });
  return c.json(dispute, 201);
};
