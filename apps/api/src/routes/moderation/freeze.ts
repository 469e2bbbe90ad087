import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { freezeChat } from "../../services/moderation/freeze";
import { ChatDetailSchema, ChatIdParamSchema } from "../chats/schema";
import { freezeBodyExample, frozenChatExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { FreezeBodySchema } from "./schema";

export const freezeRoute = createRoute({
  method: "post",
  operationId: "freezeChat",
  path: "/{id}/freeze",
  tags: ["moderation"],
  summary: "Freeze or thaw a chat",
  description:
    "The chat's moderator or an admin. `{frozen: true}` makes the chat read-only for everyone but its moderator and admins (sends, edits and deletions are 409 `FROZEN`); `{frozen: false}` thaws it. `chat_updated {chatId, chat}` goes out when the state changes; audited.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(FreezeBodySchema, "The state and why", freezeBodyExample),
  },
  responses: {
    200: jsonResponse(ChatDetailSchema, "The chat", frozenChatExample),
    ...problems(400, 404, 413, 415),
  },
});

export const freezeHandler: RouteHandler<typeof freezeRoute, AppEnv> = async (c) => {
  const chat = await freezeChat({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, body: c.req.valid("json") },
  });
  return c.json(chat, 200);
};
