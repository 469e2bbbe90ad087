import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { editMessage } from "../../services/messages/edit";
import { messageExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { EditMessageBodySchema, MessageIdParamSchema, MessageSchema } from "./schema";

export const editMessageRoute = createRoute({
  method: "patch",
  operationId: "editMessage",
  path: "/{id}/messages/{mid}",
  tags: ["messages"],
  summary: "Edit a message",
  description:
    "The sender only. Sets `editedAt`; the replaced text is kept in the edit history. A deleted message cannot be edited (409). Publishes `message_updated`.",
  security: bearer,
  request: {
    params: MessageIdParamSchema,
    body: jsonBody(EditMessageBodySchema, "The new content", {
      content: "Is the skin still available today?",
    }),
  },
  responses: {
    200: jsonResponse(MessageSchema, "The edited message", messageExample),
    ...problems(400, 404, 409, 413, 415),
  },
});

export const editMessageHandler: RouteHandler<typeof editMessageRoute, AppEnv> = async (c) => {
  const { id, mid } = c.req.valid("param");
  const message = await editMessage({
    ctx: serviceContext(c),
    input: { chatId: id, messageId: mid, body: c.req.valid("json") },
  });
  return c.json(message, 200);
};
