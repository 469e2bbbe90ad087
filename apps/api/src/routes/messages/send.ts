import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { sendMessage } from "../../services/messages/send";
import { ChatIdParamSchema } from "../chats/schema";
import { messageExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems, rateLimitHeaders, requestIdHeader } from "../openapi";
import { serviceContext } from "../service-context";
import { MessageSchema, SendMessageBodySchema } from "./schema";

const sendHeaders = { ...requestIdHeader, ...rateLimitHeaders };

export const sendMessageRoute = createRoute({
  method: "post",
  operationId: "sendMessage",
  path: "/{id}/messages",
  tags: ["messages"],
  summary: "Send a message",
  description:
    "Active members only (moderators and admins who are not members get 403). The same `clientMessageId` from the same sender returns the first message with 200 and never creates a second one. `replyToId` must name a message of the same chat. Completed or cancelled deal chats are read-only (409 READ_ONLY) except for their moderators. Rate-limited per user with a token bucket (429 with Retry-After). `content` over MESSAGE_MAX_CHARS (default 4000) is 413.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(SendMessageBodySchema, "The message", {
      content: "Is the skin still available?",
      clientMessageId: "c-5f2b9e",
    }),
  },
  responses: {
    200: jsonResponse(
      MessageSchema,
      "The message first sent with this clientMessageId",
      messageExample,
      sendHeaders,
    ),
    201: jsonResponse(MessageSchema, "The new message", messageExample, sendHeaders),
    ...problems(400, 404, 409, 413, 415, 429),
  },
});

export const sendMessageHandler: RouteHandler<typeof sendMessageRoute, AppEnv> = async (c) => {
  const { message, created } = await sendMessage({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, body: c.req.valid("json") },
  });
  return created ? c.json(message, 201) : c.json(message, 200);
};
