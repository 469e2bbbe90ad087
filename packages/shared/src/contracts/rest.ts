import { z } from "zod";
import {
  Attachment,
  ChatId,
  ChatSummary,
  ChatType,
  DisputeOutcome,
  DisputeStatus,
  Member,
  Message,
  MessageId,
  SafetyCategory,
  Seq,
  Timestamp,
  UserId,
} from "./common";
import { CaseAction, CaseStatus, ModerationCase, ReportReason } from "./moderation";

const MemberIds = z.array(UserId).max(500);
const Title = z.string().trim().min(1).max(200);

export const CreateChatBody = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("private"), memberIds: z.array(UserId).length(1) }),
  z.strictObject({ type: z.literal("group"), title: Title, memberIds: MemberIds }),
  z.strictObject({
    type: z.literal("deal"),
    orderId: z.string().trim().min(1).max(64),
    memberIds: z.tuple([UserId, UserId]),
  }),
]);
export type CreateChatBody = z.infer<typeof CreateChatBody>;

const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const ListChatsQuery = z.strictObject({
  limit: Limit(100, 20),
  cursor: z.string().min(1).max(200).optional(),
});
export type ListChatsQuery = z.infer<typeof ListChatsQuery>;

export const ChatPage = z.object({ items: z.array(ChatSummary), nextCursor: z.string().nullable() });
export type ChatPage = z.infer<typeof ChatPage>;

export const ListMembersQuery = z.strictObject({
  limit: Limit(200, 100),
  cursor: z.string().min(1).max(400).optional(),
});
export type ListMembersQuery = z.infer<typeof ListMembersQuery>;

export const MemberPage = z.object({ items: z.array(Member), nextCursor: z.string().nullable() });
export type MemberPage = z.infer<typeof MemberPage>;

export const UpdateChatBody = z
  .strictObject({
    title: Title.optional(),
    addMemberIds: MemberIds.optional(),
    removeMemberIds: MemberIds.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "at least one of title, addMemberIds, removeMemberIds is required",
  });
export type UpdateChatBody = z.infer<typeof UpdateChatBody>;

export const ChatIdParam = z.strictObject({ id: ChatId });
export const MessageIdParam = z.strictObject({ id: ChatId, mid: MessageId });

export const SendMessageBody = z
  .strictObject({
    content: z.string(),
    clientMessageId: z.string().trim().min(1).max(64).optional(),
    replyToId: MessageId.optional(),
    attachments: z.array(Attachment).max(10).optional(),
  })
  .refine((body) => body.content.trim().length > 0 || (body.attachments?.length ?? 0) > 0, {
    message: "content must not be empty unless there are attachments",
    path: ["content"],
  });
export type SendMessageBody = z.infer<typeof SendMessageBody>;

const SeqParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ListMessagesQuery = z
  .strictObject({
    limit: Limit(100, 50),
    before: SeqParam.optional(),
    after: SeqParam.optional(),
  })
  .refine((query) => query.before === undefined || query.after === undefined, {
    message: "use either before or after, not both",
    path: ["before"],
  });
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;

export const MessagePage = z.object({ items: z.array(Message), hasMore: z.boolean() });
export type MessagePage = z.infer<typeof MessagePage>;

export const EditMessageBody = z.strictObject({
  content: z.string().refine((s) => s.trim().length > 0, "must not be empty"),
});
export type EditMessageBody = z.infer<typeof EditMessageBody>;

export const ReadBody = z.strictObject({ seq: Seq });
export type ReadBody = z.infer<typeof ReadBody>;

export const ReadResult = z.object({ lastReadSeq: Seq, unreadCount: z.number().int().min(0) });
export type ReadResult = z.infer<typeof ReadResult>;

export const OpenDisputeBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export type OpenDisputeBody = z.infer<typeof OpenDisputeBody>;

export const AssignModeratorBody = z.strictObject({ moderatorId: UserId });
export type AssignModeratorBody = z.infer<typeof AssignModeratorBody>;

export const ResolveDisputeBody = z.strictObject({
  outcome: DisputeOutcome,
  comment: z.string().trim().max(2000),
});
export type ResolveDisputeBody = z.infer<typeof ResolveDisputeBody>;

const Comment = z.string().trim().max(2000);
/** At most a year; a longer sanction is one without an end (omit durationSec). */
const DurationSec = z
  .number()
  .int()
  .min(1)
  .max(366 * 24 * 3600);

export const CreateReportBody = z.strictObject({
  reason: ReportReason,
  messageId: MessageId.optional(),
  userId: UserId.optional(),
  comment: Comment.optional(),
});
export type CreateReportBody = z.infer<typeof CreateReportBody>;

export const ListCasesQuery = z.strictObject({
  status: CaseStatus.default("open"),
  limit: Limit(100, 20),
  cursor: z.string().min(1).max(200).optional(),
});
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

export const CasePage = z.object({ items: z.array(ModerationCase), nextCursor: z.string().nullable() });
export type CasePage = z.infer<typeof CasePage>;

export const CaseIdParam = z.strictObject({ id: z.uuid() });

export const ResolveCaseBody = z.strictObject({
  action: CaseAction,
  durationSec: DurationSec.optional(),
  comment: Comment,
});
export type ResolveCaseBody = z.infer<typeof ResolveCaseBody>;

export const SanctionBody = z.strictObject({
  userId: UserId,
  durationSec: DurationSec.optional(),
  reason: Comment.optional(),
});
export type SanctionBody = z.infer<typeof SanctionBody>;

export const ChatUserParam = z.strictObject({ id: ChatId, userId: UserId });

export const FreezeBody = z.strictObject({ frozen: z.boolean(), reason: Comment.optional() });
export type FreezeBody = z.infer<typeof FreezeBody>;

export const UserIdParam = z.strictObject({ userId: UserId });
export const RuleKind = z.enum(["word", "pattern", "domain"]);
export type RuleKind = z.infer<typeof RuleKind>;
export const RuleAction = z.enum(["block", "mask", "flag"]);
export type RuleAction = z.infer<typeof RuleAction>;

export const CreateRuleBody = z.strictObject({
  kind: RuleKind,
  value: z.string().trim().min(1).max(500),
  action: RuleAction,
  /** The chat types the rule applies to; absent or null: every type. */
  chatTypes: z.array(ChatType).min(1).max(3).nullish(),
  note: z.string().trim().max(500).nullish(),
});
export type CreateRuleBody = z.infer<typeof CreateRuleBody>;

export const ModerationRule = z.object({
  id: z.uuid(),
  kind: RuleKind,
  value: z.string(),
  action: RuleAction,
  chatTypes: z.array(ChatType).nullable(),
  note: z.string().nullable(),
  createdBy: UserId,
  createdAt: Timestamp,
});
export type ModerationRule = z.infer<typeof ModerationRule>;

export const RuleList = z.object({ items: z.array(ModerationRule) });
export type RuleList = z.infer<typeof RuleList>;
export const RuleIdParam = z.strictObject({ id: z.uuid() });

/** The body of 422 CONTENT_BLOCKED beside the problem fields: what blocked the text, and all it found. */
export const ContentBlocked = z.object({
  category: z.union([SafetyCategory, z.literal("rule")]),
  categories: z.array(SafetyCategory),
  ruleId: z.uuid().optional(),
});
export type ContentBlocked = z.infer<typeof ContentBlocked>;

export const ListDisputesQuery = z.strictObject({
  status: DisputeStatus.default("open"),
  limit: Limit(100, 20),
  cursor: z.string().min(1).max(200).optional(),
});
export type ListDisputesQuery = z.infer<typeof ListDisputesQuery>;

export const ListAuditQuery = z.strictObject({
  chatId: ChatId.optional(),
  /** A user id, or `system`. */
  actorId: UserId.optional(),
  targetUserId: UserId.optional(),
  limit: Limit(100, 50),
  cursor: z.string().min(1).max(200).optional(),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;
