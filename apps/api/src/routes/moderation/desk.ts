import { createRouter } from "../openapi";
import { claimCaseHandler, claimCaseRoute } from "./claim-case";
import { listAuditHandler, listAuditRoute } from "./list-audit";
import { listCasesHandler, listCasesRoute } from "./list-cases";
import { listDisputesHandler, listDisputesRoute } from "./list-disputes";
import { resolveCaseHandler, resolveCaseRoute } from "./resolve-case";

/** The moderators' own routes, not about one chat: the review queue, the dispute list, the audit. */
export function moderationDeskRoutes() {
  return createRouter()
    .openapi(listCasesRoute, listCasesHandler)
    .openapi(claimCaseRoute, claimCaseHandler)
    .openapi(resolveCaseRoute, resolveCaseHandler)
    .openapi(listDisputesRoute, listDisputesHandler)
    .openapi(listAuditRoute, listAuditHandler);
}
