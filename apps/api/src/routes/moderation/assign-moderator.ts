import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { assignModerator } from "../../services/moderation/assign-moderator";
import { ChatDetailSchema, ChatIdParamSchema } from "../chats/schema";
import { chatDetailExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { AssignModeratorBodySchema } from "./schema";

export const assignModeratorRoute = createRoute({
  method: "post",
  operationId: "assignModerator",
  path: "/{id}/moderator",
  tags: ["moderation"],
  summary: "Assign the chat's moderator",
  description:
    "Moderators and admins, on any chat that exists: a moderator takes a chat on by naming themselves (users get 404 for chats they are not in, 403 for chats they are in). `moderatorId` must be a user whose latest token had the role moderator or admin (else 400), never a participant of the chat, present or past (409), and private chats take no moderator (409). They join with the member role `moderator`; a system message says so, `chat.moderator.assigned` goes out through the outbox and the action is audited. Assigning the current moderator again changes nothing.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(AssignModeratorBodySchema, "Who moderates", { moderatorId: "mod-1" }),
  },
  responses: {
    200: jsonResponse(ChatDetailSchema, "The chat with its members", chatDetailExample),
    ...problems(400, 404, 409, 413, 415),
  },
});

export const assignModeratorHandler: RouteHandler<typeof assignModeratorRoute, AppEnv> = async (c) => {
  const chat = await assignModerator({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, moderatorId: c.req.valid("json").moderatorId },
  });
  return c.json(chat, 200);
};
