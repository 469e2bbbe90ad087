import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { listVersions } from "../../services/messages/versions";
import { messageVersionsExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { MessageIdParamSchema, MessageVersionsSchema } from "./schema";

export const listVersionsRoute = createRoute({
  method: "get",
  operationId: "listMessageVersions",
  path: "/{id}/messages/{mid}/versions",
  tags: ["messages"],
  summary: "Every version of a message",
  description:
    "The sender, the chat's moderator and admins (other members 403). Every text the message had, oldest first, each with what replaced it (`edit`, `delete`, or `mask` by a content rule) and who; the last one is the current text unless the message is deleted. Edits, deletions and masks always keep the replaced text, so nothing is lost while a dispute or case is open, and no retention job prunes it.",
  security: bearer,
  request: { params: MessageIdParamSchema },
  responses: {
    200: jsonResponse(MessageVersionsSchema, "The versions", messageVersionsExample),
    ...problems(400, 404),
  },
});

export const listVersionsHandler: RouteHandler<typeof listVersionsRoute, AppEnv> = async (c) => {
  const { id, mid } = c.req.valid("param");
  return c.json(await listVersions({ ctx: serviceContext(c), input: { chatId: id, messageId: mid } }), 200);
};
