import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { markRead } from "../../services/messages/read";
import { ChatIdParamSchema } from "../chats/schema";
import { readResultExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { ReadBodySchema, ReadResultSchema } from "./schema";

export const markReadRoute = createRoute({
  method: "post",
  operationId: "markRead",
  path: "/{id}/read",
  tags: ["messages"],
  summary: "Move the caller's read mark",
  description:
    "Active members. The mark never moves back and never past the chat's last seq; an older `seq` returns the current mark unchanged. Publishes `read` when the mark moved.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(ReadBodySchema, "The highest seq the caller has read", { seq: 42 }),
  },
  responses: {
    200: jsonResponse(ReadResultSchema, "The read mark and unread count", readResultExample),
    ...problems(400, 404, 413, 415),
  },
});

export const markReadHandler: RouteHandler<typeof markReadRoute, AppEnv> = async (c) => {
  const result = await markRead({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, seq: c.req.valid("json").seq },
  });
  return c.json(result, 200);
};
