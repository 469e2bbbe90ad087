import {
  AssignModeratorBody,
  CaseIdParam,
  CasePage,
  CreateReportBody,
  Dispute,
  ListCasesQuery,
  ModerationCase,
  OpenDisputeBody,
  Report,
  ResolveCaseBody,
  ResolveDisputeBody,
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
export { CaseIdParam, ListCasesQuery };
