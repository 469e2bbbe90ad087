import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { blockUser, listBlocks, unblockUser } from "../../services/users/blocks";
import { blockExample, blockListExample } from "../examples";
import { bearer, jsonResponse, problems, requestIdHeader } from "../openapi";
import { serviceContext } from "../service-context";
import { BlockListSchema, BlockSchema, UserIdParam } from "./schema";

const effect =
  "A blocked user cannot open a private chat with the blocker nor send in their private chat (403 `BLOCKED`); group and deal chats are not affected: a deal stays reachable, and its moderator is the remedy.";

export const blockRoute = createRoute({
  method: "put",
  operationId: "blockUser",
  path: "/me/blocks/{userId}",
  tags: ["users"],
  summary: "Block a user",
  description: `Any user; idempotent (blocking again keeps the first time). Blocking oneself is 400. ${effect}`,
  security: bearer,
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(BlockSchema, "The block", blockExample), ...problems(400) },
});

export const blockHandler: RouteHandler<typeof blockRoute, AppEnv> = async (c) => {
  return c.json(await blockUser({ ctx: serviceContext(c), input: c.req.valid("param") }), 200);
};

export const unblockRoute = createRoute({
  method: "delete",
  operationId: "unblockUser",
  path: "/me/blocks/{userId}",
  tags: ["users"],
  summary: "Unblock a user",
  description: "Any user; idempotent (204 whether or not there was a block).",
  security: bearer,
  request: { params: UserIdParam },
  responses: { 204: { description: "No block remains", headers: requestIdHeader }, ...problems(400) },
});

export const unblockHandler: RouteHandler<typeof unblockRoute, AppEnv> = async (c) => {
  await unblockUser({ ctx: serviceContext(c), input: c.req.valid("param") });
  return c.body(null, 204);
};

export const listBlocksRoute = createRoute({
  method: "get",
  operationId: "listBlocks",
  path: "/me/blocks",
  tags: ["users"],
  summary: "The caller's blocks",
  description: `Newest first. ${effect}`,
  security: bearer,
  responses: {
    200: jsonResponse(BlockListSchema, "Every user the caller blocks", blockListExample),
    ...problems(),
  },
});

export const listBlocksHandler: RouteHandler<typeof listBlocksRoute, AppEnv> = async (c) => {
  return c.json(await listBlocks({ ctx: serviceContext(c) }), 200);
};
