import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { updateChat } from "../../services/chats/update";
import { chatDetailExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { ChatDetailSchema, ChatIdParamSchema, UpdateChatBodySchema } from "./schema";

export const updateChatRoute = createRoute({
  method: "patch",
  operationId: "updateChat",
  path: "/{id}",
  tags: ["chats"],
  summary: "Rename a group, add or remove members",
  description:
    "The owner or an admin; only `title`, `addMemberIds` and `removeMemberIds` are accepted (unknown fields are a 400). Any member may leave a group by sending only `removeMemberIds: [<self>]`; the owner cannot leave, and no one, an admin included, removes the owner (409): ownership does not transfer. Only an admin removes a moderator. Private chats cannot change (409); deal chat members change only by admin. Publishes `chat_updated`, `member_added` and `member_removed`.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(UpdateChatBodySchema, "The fields to change", {
      title: "Weekend raid",
      addMemberIds: ["user-42"],
    }),
  },
  responses: {
    200: jsonResponse(ChatDetailSchema, "The chat after the change", chatDetailExample),
    ...problems(400, 404, 409, 413, 415),
  },
});

export const updateChatHandler: RouteHandler<typeof updateChatRoute, AppEnv> = async (c) => {
  const chat = await updateChat({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, body: c.req.valid("json") },
  });
  return c.json(chat, 200);
};
