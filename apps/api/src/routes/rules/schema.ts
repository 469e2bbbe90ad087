import { CreateRuleBody, ModerationRule, RuleIdParam, RuleList } from "@chat/shared/contracts";
import { named } from "../openapi";

export const CreateRuleBodySchema = named(CreateRuleBody, "CreateRuleBody");
export const ModerationRuleSchema = named(ModerationRule, "ModerationRule");
export const RuleListSchema = named(RuleList, "RuleList");
export const RuleIdParamSchema = named(RuleIdParam, "RuleIdParam");
