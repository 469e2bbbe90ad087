import { z } from "zod";

/** User ids come from auth-svc: opaque strings, at most 64 characters. */
export const UserId = z.string().trim().min(1).max(64);
export type UserId = z.infer<typeof UserId>;

export const Role = z.enum(["user", "moderator", "admin"]);
export type Role = z.infer<typeof Role>;

export const ChatId = z.uuid();
export const MessageId = z.uuid();
export const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const Timestamp = z.iso.datetime({ offset: true });

export const ChatType = z.enum(["private", "group", "deal"]);
export type ChatType = z.infer<typeof ChatType>;

/** open: anyone may write; completed/cancelled deal chats are read-only for all but moderators. */
export const ChatStatus = z.enum(["open", "completed", "cancelled"]);
export type ChatStatus = z.infer<typeof ChatStatus>;

export const MemberRole = z.enum(["owner", "member", "moderator"]);
export type MemberRole = z.infer<typeof MemberRole>;

export const MessageType = z.enum(["text", "system"]);
export type MessageType = z.infer<typeof MessageType>;

/** What the marketplace safety detector looks for (DESIGN.md "Marketplace safety"). */
export const SafetyCategory = z.enum(["off_platform_contact", "off_platform_payment", "suspicious_link"]);
export type SafetyCategory = z.infer<typeof SafetyCategory>;

export const Attachment = z.strictObject({
  url: z.url({ protocol: /^https$/, hostname: z.regexes.domain }).max(2048),
  name: z.string().trim().min(1).max(255),
  contentType: z
    .string()
    .trim()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, "must be a MIME type like image/png")
    .max(255),
  size: z
    .number()
    .int()
    .min(0)
    .max(10 * 1024 * 1024 * 1024),
});
export type Attachment = z.infer<typeof Attachment>;

export const Message = z.object({
  id: MessageId,
  chatId: ChatId,
  seq: Seq,
  senderId: UserId.nullable(),
  type: MessageType,
  content: z.string(),
  clientMessageId: z.string().nullable(),
  replyToId: MessageId.nullable(),
  attachments: z.array(Attachment),
  /** Every category the detector found, whatever the policy did with it; [] when none. */
  flags: z.array(SafetyCategory),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
  deletedAt: Timestamp.nullable(),
});
export type Message = z.infer<typeof Message>;

export const DisputeOutcome = z.enum(["refund_buyer", "release_to_seller", "partial_refund", "no_action"]);
export type DisputeOutcome = z.infer<typeof DisputeOutcome>;

export const DisputeStatus = z.enum(["open", "resolved"]);
export type DisputeStatus = z.infer<typeof DisputeStatus>;

export const Dispute = z.object({
  id: z.uuid(),
  chatId: ChatId,
  status: DisputeStatus,
  reason: z.string(),
  openedBy: UserId.nullable(),
  source: z.enum(["chat", "marketplace"]),
  outcome: DisputeOutcome.nullable(),
  comment: z.string().nullable(),
  resolvedBy: UserId.nullable(),
  openedAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
});
export type Dispute = z.infer<typeof Dispute>;

export const Member = z.object({
  userId: UserId,
  role: MemberRole,
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  lastReadSeq: Seq,
  joinedAt: Timestamp,
});
export type Member = z.infer<typeof Member>;

export const Chat = z.object({
  id: ChatId,
  type: ChatType,
  title: z.string().nullable(),
  orderId: z.string().nullable(),
  ownerId: UserId.nullable(),
  status: ChatStatus,
  /** Read-only for all but the chat's moderator and admins (POST /chats/{id}/freeze). */
  frozen: z.boolean(),
  lastSeq: Seq,
  lastActivityAt: Timestamp,
  createdAt: Timestamp,
});
export type Chat = z.infer<typeof Chat>;

export const ChatSummary = Chat.extend({
  unreadCount: z.number().int().min(0),
  lastReadSeq: Seq,
  lastMessage: Message.nullable(),
});
export type ChatSummary = z.infer<typeof ChatSummary>;

export const ChatDetail = Chat.extend({
  /** The first active members in join order (up to 100); `GET /chats/{id}/members` pages them all. */
  members: z.array(Member),
  /** Active members, counted as they change (O(1) to read). */
  memberCount: z.number().int().min(0),
  /** Continues `GET /chats/{id}/members` after the preview; null when the preview holds every member. */
  membersCursor: z.string().nullable(),
  openDispute: Dispute.nullable(),
});
export type ChatDetail = z.infer<typeof ChatDetail>;
