import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { createModerationRule } from "../../services/safety/rules";
import { ruleExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { CreateRuleBodySchema, ModerationRuleSchema } from "./schema";

export const createRuleRoute = createRoute({
  method: "post",
  path: "/rules",
  operationId: "createRule",
  tags: ["moderation"],
  summary: "Add a moderation rule",
  description:
    "Admins only. `word` matches whole words through case, diacritics, spacing, repeated letters, digits for letters and Cyrillic/Latin look-alikes; `pattern` is an RE2 regular expression, matched case-insensitively in linear time (a back-reference or lookaround is refused with 400); `domain` matches links to that domain or its subdomains. `block` refuses the send or edit (422 CONTENT_BLOCKED with `ruleId`), `mask` replaces each match with `***`, `flag` delivers unchanged and records a flag. `chatTypes` limits the rule to those chat types. Every api node applies the change within 5 s; the change is audited.",
  security: bearer,
  request: {
    body: jsonBody(CreateRuleBodySchema, "The rule", {
      kind: ruleExample.kind,
      value: ruleExample.value,
      action: ruleExample.action,
      note: ruleExample.note,
    }),
  },
  responses: {
    201: jsonResponse(ModerationRuleSchema, "The new rule", ruleExample),
    ...problems(400, 413, 415),
  },
});

export const createRuleHandler: RouteHandler<typeof createRuleRoute, AppEnv> = async (c) => {
  const rule = await createModerationRule({ ctx: serviceContext(c), input: c.req.valid("json") });
  return c.json(rule, 201);
};
