import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { listChats } from "../../services/chats/list";
import { chatPageExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { ChatPageSchema, ListChatsQuery } from "./schema";

export const listChatsRoute = createRoute({
  method: "get",
  operationId: "listChats",
  path: "/",
  tags: ["chats"],
  summary: "The caller's chats",
  description:
    "The chats the caller is an active member of, latest activity first, each with `unreadCount` and `lastMessage`. Pass `nextCursor` back as `cursor` for the next page; `nextCursor` is null on the last page. Cursors are opaque.",
  security: bearer,
  request: { query: ListChatsQuery },
  responses: { 200: jsonResponse(ChatPageSchema, "A page of chats", chatPageExample), ...problems(400) },
});

export const listChatsHandler: RouteHandler<typeof listChatsRoute, AppEnv> = async (c) => {
  return c.json(await listChats({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);
};
