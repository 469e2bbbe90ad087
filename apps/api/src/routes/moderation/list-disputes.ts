import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { listDisputes } from "../../services/moderation/list-disputes";
import { disputeListPageExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { DisputeListPageSchema, ListDisputesQuery } from "./schema";

export const listDisputesRoute = createRoute({
  method: "get",
  operationId: "listDisputes",
  path: "/disputes",
  tags: ["moderation"],
  summary: "The dispute list",
  description:
    "Moderators and admins (users get 403). Each dispute with its chat, order, who opened it and why, and the chat's moderator (null: nobody has taken it on; assign yourself with `POST /chats/{id}/moderator`). `status` is `open` (default, oldest first) or `resolved` (newest first). Pass `nextCursor` back as `cursor`.",
  security: bearer,
  request: { query: ListDisputesQuery },
  responses: {
    200: jsonResponse(DisputeListPageSchema, "A page of disputes", disputeListPageExample),
    ...problems(400),
  },
});

export const listDisputesHandler: RouteHandler<typeof listDisputesRoute, AppEnv> = async (c) => {
  return c.json(await listDisputes({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);
};
