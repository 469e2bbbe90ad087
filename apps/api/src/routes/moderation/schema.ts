import { AssignModeratorBody, Dispute, OpenDisputeBody, ResolveDisputeBody } from "@chat/shared/contracts";
import { named } from "../openapi";

export const AssignModeratorBodySchema = named(AssignModeratorBody, "AssignModeratorBody");
export const DisputeSchema = named(Dispute, "Dispute");
export const OpenDisputeBodySchema = named(OpenDisputeBody, "OpenDisputeBody");
export const ResolveDisputeBodySchema = named(ResolveDisputeBody, "ResolveDisputeBody");
