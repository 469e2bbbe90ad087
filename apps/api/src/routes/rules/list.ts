import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { listModerationRules } from "../../services/safety/rules";
import { ruleExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { RuleListSchema } from "./schema";

export const listRulesRoute = createRoute({
  method: "get",
  path: "/rules",
  operationId: "listRules",
  tags: ["moderation"],
  summary: "List the moderation rules",
  description: "Admins only (403 otherwise). Every rule in force, oldest first.",
  security: bearer,
  responses: { 200: jsonResponse(RuleListSchema, "The rules", { items: [ruleExample] }), ...problems() },
});

export const listRulesHandler: RouteHandler<typeof listRulesRoute, AppEnv> = async (c) => {
  const items = await listModerationRules({ ctx: serviceContext(c) });
  return c.json({ items }, 200);
};
