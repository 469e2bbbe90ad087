import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { listMembers } from "../../services/chats/list-members";
import { chatDetailExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { ChatIdParamSchema, ListMembersQuery, MemberPageSchema } from "./schema";

export const listMembersRoute = createRoute({
  method: "get",
  operationId: "listMembers",
  path: "/{id}/members",
  tags: ["chats"],
  summary: "A page of a chat's members",
  description:
    "Active members in join order, to whoever may see the chat (anyone else gets 404). `limit` 1–200 (default 100). Pass `nextCursor` (or the chat's `membersCursor`, to go on after its preview) back as `cursor`; it is null on the last page. Cursors are opaque.",
  security: bearer,
  request: { params: ChatIdParamSchema, query: ListMembersQuery },
  responses: {
    200: jsonResponse(MemberPageSchema, "A page of members", {
      items: chatDetailExample.members,
      nextCursor: null,
    }),
    ...problems(400, 404, 429),
  },
});

export const listMembersHandler: RouteHandler<typeof listMembersRoute, AppEnv> = async (c) => {
  const input = { ...c.req.valid("query"), chatId: c.req.valid("param").id };
  return c.json(await listMembers({ ctx: serviceContext(c), input }), 200);
};
