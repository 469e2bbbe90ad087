import { z } from "zod";
import { ChatId, Dispute, Message, MessageId, Timestamp, UserId } from "./common";

export const ReportReason = z.enum(["scam", "off_platform", "harassment", "spam", "inappropriate", "other"]);
export type ReportReason = z.infer<typeof ReportReason>;

export const CaseStatus = z.enum(["open", "assigned", "closed"]);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CaseAction = z.enum(["dismiss", "delete_message", "mute", "ban_from_chat", "freeze_chat"]);
export type CaseAction = z.infer<typeof CaseAction>;

/** What a report or a case is about: a message of the chat, a (former) member, or the chat itself. */
export const CaseTarget = z.object({
  type: z.enum(["message", "user", "chat"]),
  chatId: ChatId,
  messageId: MessageId.optional(),
  userId: UserId.optional(),
});
export type CaseTarget = z.infer<typeof CaseTarget>;

export const Report = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  chatId: ChatId,
  reporterId: UserId,
  reason: ReportReason,
  comment: z.string().nullable(),
  target: CaseTarget,
  createdAt: Timestamp,
});
export type Report = z.infer<typeof Report>;

/** Taken when the case opened: the reported message as it stood and the 20 messages before it. */
export const CaseEvidence = z.object({ takenAt: Timestamp, messages: z.array(Message) });
export type CaseEvidence = z.infer<typeof CaseEvidence>;

export const ModerationCase = z.object({
  id: z.uuid(),
  target: CaseTarget,
  reasons: z.partialRecord(ReportReason, z.number().int().min(1)),
  reportCount: z.number().int().min(0),
  flags: z.array(z.string()),
  firstReportedAt: Timestamp,
  lastReportedAt: Timestamp,
  status: CaseStatus,
  assigneeId: UserId.nullable(),
  evidence: CaseEvidence,
  action: CaseAction.nullable(),
  comment: z.string().nullable(),
  resolvedBy: UserId.nullable(),
  resolvedAt: Timestamp.nullable(),
});
export type ModerationCase = z.infer<typeof ModerationCase>;

/** A mute or a ban: `until` null means until lifted. */
export const Sanction = z.object({
  chatId: ChatId,
  userId: UserId,
  until: Timestamp.nullable(),
  reason: z.string().nullable(),
  createdBy: UserId.nullable(),
  createdAt: Timestamp,
});
export type Sanction = z.infer<typeof Sanction>;

export const Block = z.object({ userId: UserId, createdAt: Timestamp });
export type Block = z.infer<typeof Block>;

export const BlockList = z.object({ items: z.array(Block) });
export type BlockList = z.infer<typeof BlockList>;

/** A dispute as the dispute list shows it: with its chat's order and the chat's moderator. */
export const DisputeListItem = Dispute.extend({
  orderId: z.string().nullable(),
  moderatorId: UserId.nullable(),
});
export type DisputeListItem = z.infer<typeof DisputeListItem>;

export const DisputeListPage = z.object({
  items: z.array(DisputeListItem),
  nextCursor: z.string().nullable(),
});
export type DisputeListPage = z.infer<typeof DisputeListPage>;

/**
 * One text a message had. `replacedBy` says what ended it: the sender's edit, a deletion or a mask by
 * the content rules; null for the text it has now.
 */
export const MessageVersion = z.object({
  content: z.string(),
  since: Timestamp,
  replacedAt: Timestamp.nullable(),
  replacedBy: z.enum(["edit", "delete", "mask"]).nullable(),
  changedBy: UserId.nullable(),
});
export type MessageVersion = z.infer<typeof MessageVersion>;

export const MessageVersions = z.object({
  messageId: MessageId,
  chatId: ChatId,
  senderId: UserId.nullable(),
  deletedAt: Timestamp.nullable(),
  items: z.array(MessageVersion),
});
export type MessageVersions = z.infer<typeof MessageVersions>;

/** The actor of an audit entry: a user id, or `system` for what the service did by itself. */
export const SYSTEM_ACTOR = "system";

export const AuditEntry = z.object({
  id: z.uuid(),
  chatId: ChatId.nullable(),
  action: z.string(),
  actor: z.string(),
  targetId: z.string().nullable(),
  targetUserId: UserId.nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
