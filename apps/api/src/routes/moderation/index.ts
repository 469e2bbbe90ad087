import { createRouter } from "../openapi";
import { assignModeratorHandler, assignModeratorRoute } from "./assign-moderator";
import { banHandler, banRoute, unbanHandler, unbanRoute } from "./bans";
import { freezeHandler, freezeRoute } from "./freeze";
import { muteHandler, muteRoute, unmuteHandler, unmuteRoute } from "./mutes";
import { openDisputeHandler, openDisputeRoute } from "./open-dispute";
import { createReportHandler, createReportRoute } from "./report";
import { resolveDisputeHandler, resolveDisputeRoute } from "./resolve";

export function moderationRoutes() {
  return createRouter()
    .openapi(openDisputeRoute, openDisputeHandler)
    .openapi(assignModeratorRoute, assignModeratorHandler)
    .openapi(resolveDisputeRoute, resolveDisputeHandler)
    .openapi(createReportRoute, createReportHandler)
    .openapi(muteRoute, muteHandler)
    .openapi(unmuteRoute, unmuteHandler)
    .openapi(banRoute, banHandler)
    .openapi(unbanRoute, unbanHandler)
    .openapi(freezeRoute, freezeHandler);
}

export { moderationDeskRoutes } from "./desk";
