import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { getChat } from "../../services/chats/get";
import { chatDetailExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { ChatDetailSchema, ChatIdParamSchema } from "./schema";

export const getChatRoute = createRoute({
  method: "get",
  operationId: "getChat",
  path: "/{id}",
  tags: ["chats"],
  summary: "A chat with a preview of its members",
  description:
    "Active members (including the chat's moderator) and admins; a moderator not assigned to the chat is an outsider. Anyone else gets 404, exactly as for a chat that does not exist. `members` holds the first 100 in join order and `memberCount` all of them; `GET /chats/{id}/members` pages the rest from `membersCursor`.",
  security: bearer,
  request: { params: ChatIdParamSchema },
  responses: { 200: jsonResponse(ChatDetailSchema, "The chat", chatDetailExample), ...problems(404, 429) },
});

export const getChatHandler: RouteHandler<typeof getChatRoute, AppEnv> = async (c) => {
  return c.json(await getChat({ ctx: serviceContext(c), input: { chatId: c.req.valid("param").id } }), 200);
};
