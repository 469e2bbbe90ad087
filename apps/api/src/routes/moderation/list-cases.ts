import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { listCases } from "../../services/moderation/list-cases";
import { caseExample } from "../examples";
import { bearer, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { CasePageSchema, ListCasesQuery } from "./schema";

export const listCasesRoute = createRoute({
  method: "get",
  operationId: "listCases",
  path: "/cases",
  tags: ["moderation"],
  summary: "The review queue",
  description:
    "Moderators and admins (users get 403). Reports and detector flags on one target join one case. `status` is `open` (default), `assigned` or `closed`; open and assigned cases come oldest first, closed ones newest first. Pass `nextCursor` back as `cursor`; it is null on the last page.",
  security: bearer,
  request: { query: ListCasesQuery },
  responses: {
    200: jsonResponse(CasePageSchema, "A page of cases", { items: [caseExample], nextCursor: null }),
    ...problems(400),
  },
});

export const listCasesHandler: RouteHandler<typeof listCasesRoute, AppEnv> = async (c) => {
  return c.json(await listCases({ ctx: serviceContext(c), input: c.req.valid("query") }), 200);
};
