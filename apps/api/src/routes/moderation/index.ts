import { createRouter } from "../openapi";
import { assignModeratorHandler, assignModeratorRoute } from "./assign-moderator";
import { openDisputeHandler, openDisputeRoute } from "./open-dispute";
import { createReportHandler, createReportRoute } from "./report";
import { resolveDisputeHandler, resolveDisputeRoute } from "./resolve";

export function moderationRoutes() {
  return createRouter()
    .openapi(openDisputeRoute, openDisputeHandler)
    .openapi(assignModeratorRoute, assignModeratorHandler)
    .openapi(resolveDisputeRoute, resolveDisputeHandler)
    .openapi(createReportRoute, createReportHandler);
}

export { caseRoutes } from "./cases";
