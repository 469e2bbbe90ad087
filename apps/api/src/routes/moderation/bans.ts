import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { banMember, unbanMember } from "../../services/moderation/ban";
import { ChatIdParamSchema } from "../chats/schema";
import { sanctionBodyExample, sanctionExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems, requestIdHeader } from "../openapi";
import { serviceContext } from "../service-context";
import { ChatUserParam, SanctionBodySchema, SanctionSchema } from "./schema";

export const banRoute = createRoute({
  method: "post",
  operationId: "banMember",
  path: "/{id}/bans",
  tags: ["moderation"],
  summary: "Ban a user from a group",
  description:
    "The chat's moderator or an admin; group chats only (409 elsewhere; the group's owner cannot be banned, 409). The member is removed at once: `member_removed` stops their sockets on every realtime node. Adding them back is 409 `BANNED` until the ban ends (`durationSec`) or is lifted. `chat.member.banned` goes out through the outbox; audited.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(SanctionBodySchema, "Who, for how long, why", sanctionBodyExample),
  },
  responses: {
    201: jsonResponse(SanctionSchema, "The ban in force", sanctionExample),
    ...problems(400, 404, 409, 413, 415),
  },
});

export const banHandler: RouteHandler<typeof banRoute, AppEnv> = async (c) => {
  const ban = await banMember({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, body: c.req.valid("json") },
  });
  return c.json(ban, 201);
};

export const unbanRoute = createRoute({
  method: "delete",
  operationId: "unbanMember",
  path: "/{id}/bans/{userId}",
  tags: ["moderation"],
  summary: "Lift a ban",
  description:
    "The chat's moderator or an admin. Idempotent (204). The user may be added back; they are not added by this.",
  security: bearer,
  request: { params: ChatUserParam },
  responses: { 204: { description: "No ban is in force", headers: requestIdHeader }, ...problems(400, 404) },
});

export const unbanHandler: RouteHandler<typeof unbanRoute, AppEnv> = async (c) => {
  const { id, userId } = c.req.valid("param");
  await unbanMember({ ctx: serviceContext(c), input: { chatId: id, userId } });
  return c.body(null, 204);
};
