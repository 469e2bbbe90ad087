import { createRouter } from "../openapi";
import { createRuleHandler, createRuleRoute } from "./create";
import { listRulesHandler, listRulesRoute } from "./list";
import { deleteRuleHandler, deleteRuleRoute } from "./remove";

export function ruleRoutes() {
  return createRouter()
    .openapi(listRulesRoute, listRulesHandler)
    .openapi(createRuleRoute, createRuleHandler)
    .openapi(deleteRuleRoute, deleteRuleHandler);
}
