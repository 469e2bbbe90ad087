import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { removeMessage } from "../../services/messages/remove";
import { messageExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { MessageIdParamSchema, MessageSchema } from "./schema";

export const removeMessageRoute = createRoute({
  method: "delete",
  operationId: "deleteMessage",
  path: "/{id}/messages/{mid}",
  tags: ["messages"],
  summary: "Delete a message (soft)",
  description:
    "The sender, the chat's moderator or an admin. The content and attachments are gone, `deletedAt` is set and `seq` is kept. Deleting an already deleted message returns it again (200). Publishes `message_deleted`.",
  security: bearer,
  request: { params: MessageIdParamSchema },
  responses: {
    200: jsonResponse(MessageSchema, "The deleted message", messageExample),
    ...problems(404, 409),
  },
});

export const removeMessageHandler: RouteHandler<typeof removeMessageRoute, AppEnv> = async (c) => {
  const { id, mid } = c.req.valid("param");
  return c.json(await removeMessage({ ctx: serviceContext(c), input: { chatId: id, messageId: mid } }), 200);
};
