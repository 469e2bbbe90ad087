import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { createChat } from "../../services/chats/create";
import { chatDetailExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { ChatDetailSchema, CreateChatBodySchema } from "./schema";

export const createChatRoute = createRoute({
  method: "post",
  operationId: "createChat",
  path: "/",
  tags: ["chats"],
  summary: "Create a chat",
  description:
    "Any user. `private`: one chat per pair; asking again returns the existing chat with 200. `group`: the caller becomes its owner. `deal`: admin (service) tokens only (403 otherwise); one chat per order, so a repeat returns the existing one with 200; the admin does not join.",
  security: bearer,
  request: {
    body: jsonBody(CreateChatBodySchema, "What chat to create", {
      type: "deal",
      orderId: "order-9001",
      memberIds: ["buyer-17", "seller-3"],
    }),
  },
  responses: {
    200: jsonResponse(ChatDetailSchema, "The private or deal chat that already existed", chatDetailExample),
    201: jsonResponse(ChatDetailSchema, "The new chat", chatDetailExample),
    ...problems(400, 413, 415),
  },
});

export const createChatHandler: RouteHandler<typeof createChatRoute, AppEnv> = async (c) => {
  const { chat, created } = await createChat({ ctx: serviceContext(c), input: c.req.valid("json") });
  return created ? c.json(chat, 201) : c.json(chat, 200);
};
