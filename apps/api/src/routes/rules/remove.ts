import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { deleteModerationRule } from "../../services/safety/rules";
import { bearer, problems, requestIdHeader } from "../openapi";
import { serviceContext } from "../service-context";
import { RuleIdParamSchema } from "./schema";

export const deleteRuleRoute = createRoute({
  method: "delete",
  path: "/rules/{id}",
  operationId: "deleteRule",
  tags: ["moderation"],
  summary: "Delete a moderation rule",
  description: "Admins only. 404 when no such rule. Every api node stops applying it within 5 s; audited.",
  security: bearer,
  request: { params: RuleIdParamSchema },
  responses: { 204: { description: "Deleted", headers: requestIdHeader }, ...problems(400, 404) },
});

export const deleteRuleHandler: RouteHandler<typeof deleteRuleRoute, AppEnv> = async (c) => {
  await deleteModerationRule({ ctx: serviceContext(c), input: { ruleId: c.req.valid("param").id } });
  return c.body(null, 204);
};
