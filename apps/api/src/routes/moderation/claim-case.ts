import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { claimCase } from "../../services/moderation/claim-case";
import { caseExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { CaseIdParam, ModerationCaseSchema } from "./schema";

export const claimCaseRoute = createRoute({
  method: "post",
  operationId: "claimCase",
  path: "/cases/{id}/claim",
  tags: ["moderation"],
  summary: "Claim a case",
  description:
    "Moderators and admins. The caller becomes the assignee and the case `assigned`; claiming one's own case again changes nothing. A case another moderator holds is 409, except to an admin, who takes it over. A closed case is 409. The claim is audited.",
  security: bearer,
  request: { params: CaseIdParam },
  responses: {
    200: jsonResponse(ModerationCaseSchema, "The claimed case", caseExample),
    ...problems(400, 404, 409),
  },
});

export const claimCaseHandler: RouteHandler<typeof claimCaseRoute, AppEnv> = async (c) => {
  return c.json(await claimCase({ ctx: serviceContext(c), input: { caseId: c.req.valid("param").id } }), 200);
};
