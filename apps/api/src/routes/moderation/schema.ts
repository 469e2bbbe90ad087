import {
  AssignModeratorBody,
  AuditPage,
  CaseIdParam,
  CasePage,
  ChatUserParam,
  CreateReportBody,
  Dispute,
  DisputeListPage,
  FreezeBody,
  ListAuditQuery,
  ListCasesQuery,
  ListDisputesQuery,
  ModerationCase,
  OpenDisputeBody,
  Report,
  ResolveCaseBody,
  ResolveDisputeBody,
  Sanction,
  SanctionBody,
} from "@chat/shared/contracts";
import { named } from "../openapi";

export const AssignModeratorBodySchema = named(AssignModeratorBody, "AssignModeratorBody");
export const DisputeSchema = named(Dispute, "Dispute");
export const OpenDisputeBodySchema = named(OpenDisputeBody, "OpenDisputeBody");
export const ResolveDisputeBodySchema = named(ResolveDisputeBody, "ResolveDisputeBody");
export const CreateReportBodySchema = named(CreateReportBody, "CreateReportBody");
export const ReportSchema = named(Report, "Report");
export const ModerationCaseSchema = named(ModerationCase, "ModerationCase");
export const CasePageSchema = named(CasePage, "CasePage");
export const ResolveCaseBodySchema = named(ResolveCaseBody, "ResolveCaseBody");
export const SanctionBodySchema = named(SanctionBody, "SanctionBody");
export const SanctionSchema = named(Sanction, "Sanction");
export const FreezeBodySchema = named(FreezeBody, "FreezeBody");
export const DisputeListPageSchema = named(DisputeListPage, "DisputeListPage");
export const AuditPageSchema = named(AuditPage, "AuditPage");
export { CaseIdParam, ChatUserParam, ListAuditQuery, ListCasesQuery, ListDisputesQuery };
