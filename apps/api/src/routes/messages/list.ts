import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { listMessages } from "../../services/messages/list";
import { ChatIdParamSchema } from "../chats/schema";
import { messageExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { ListMessagesQuery, MessagePageSchema } from "./schema";

export const listMessagesRoute = createRoute({
  method: "get",
  operationId: "listMessages",
  path: "/{id}/messages",
  tags: ["messages"],
  summary: "A page of messages",
  description:
    "Active members (including the chat's moderator) and admins; anyone else, an unassigned moderator included, gets 404. Items are ascending by `seq`. `before=SEQ` pages back in history, `after=SEQ` catches up forward, neither gives the latest page; `hasMore` says the walk in that direction can go on. `limit` ≤ 100 (default 50).",
  security: bearer,
  request: { params: ChatIdParamSchema, query: ListMessagesQuery },
  responses: {
    200: jsonResponse(MessagePageSchema, "Messages ascending by seq", {
      items: [messageExample],
      hasMore: true,
    }),
    ...problems(400, 404),
  },
});

export const listMessagesHandler: RouteHandler<typeof listMessagesRoute, AppEnv> = async (c) => {
  const page = await listMessages({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, query: c.req.valid("query") },
  });
  return c.json(page, 200);
};
