import { createRouter } from "../openapi";
import { claimCaseHandler, claimCaseRoute } from "./claim-case";
import { listCasesHandler, listCasesRoute } from "./list-cases";
import { resolveCaseHandler, resolveCaseRoute } from "./resolve-case";

/** The review queue, mounted at /moderation. */
export function caseRoutes() {
  return createRouter()
    .openapi(listCasesRoute, listCasesHandler)
    .openapi(claimCaseRoute, claimCaseHandler)
    .openapi(resolveCaseRoute, resolveCaseHandler);
}
