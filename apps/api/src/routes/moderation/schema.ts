/** The zod contracts each route validates and documents, under the names the routes use. */
export {
  AssignModeratorBody as AssignModeratorBodySchema,
  Dispute as DisputeSchema,
  OpenDisputeBody as OpenDisputeBodySchema,
  ResolveDisputeBody as ResolveDisputeBodySchema,
} from "@chat/shared/contracts";
