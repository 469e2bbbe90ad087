import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { muteMember, unmuteMember } from "../../services/moderation/mute";
import { ChatIdParamSchema } from "../chats/schema";
import { sanctionBodyExample, sanctionExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems, requestIdHeader } from "../openapi";
import { serviceContext } from "../service-context";
import { ChatUserParam, SanctionBodySchema, SanctionSchema } from "./schema";

export const muteRoute = createRoute({
  method: "post",
  operationId: "muteMember",
  path: "/{id}/mutes",
  tags: ["moderation"],
  summary: "Mute a member",
  description:
    "The chat's moderator or an admin (other members 403). `userId` must be an active member other than the caller (400). Without `durationSec` the mute lasts until lifted; an expired mute lifts by itself. The member still reads, but sends, edits and deletions are 403 `MUTED` with `mutedUntil`. A repeated mute replaces the earlier one. `member_muted` goes to the chat, `chat.member.muted` through the outbox; audited.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(SanctionBodySchema, "Who, for how long, why", sanctionBodyExample),
  },
  responses: {
    201: jsonResponse(SanctionSchema, "The mute in force", sanctionExample),
    ...problems(400, 404, 413, 415),
  },
});

export const muteHandler: RouteHandler<typeof muteRoute, AppEnv> = async (c) => {
  const mute = await muteMember({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, body: c.req.valid("json") },
  });
  return c.json(mute, 201);
};

export const unmuteRoute = createRoute({
  method: "delete",
  operationId: "unmuteMember",
  path: "/{id}/mutes/{userId}",
  tags: ["moderation"],
  summary: "Lift a mute",
  description:
    "The chat's moderator or an admin. Idempotent: 204 whether or not a mute was in force; `member_unmuted` goes out and the lift is audited only when one was.",
  security: bearer,
  request: { params: ChatUserParam },
  responses: { 204: { description: "No mute is in force", headers: requestIdHeader }, ...problems(400, 404) },
});

export const unmuteHandler: RouteHandler<typeof unmuteRoute, AppEnv> = async (c) => {
  const { id, userId } = c.req.valid("param");
  await unmuteMember({ ctx: serviceContext(c), input: { chatId: id, userId } });
  return c.body(null, 204);
};
