import { AssignModeratorBody, Dispute, OpenDisputeBody, ResolveDisputeBody } from "@chat/shared/contracts";

export const DisputeSchema = Dispute;
export const OpenDisputeBodySchema = OpenDisputeBody;
export const AssignModeratorBodySchema = AssignModeratorBody;
export const ResolveDisputeBodySchema = ResolveDisputeBody;
