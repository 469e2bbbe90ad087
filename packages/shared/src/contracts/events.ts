import { z } from "zod";
import {
  ChatId,
  ChatType,
  DisputeOutcome,
  Message,
  MessageId,
  SafetyCategory,
  Seq,
  Timestamp,
  UserId,
} from "./common";
import { CaseAction, CaseTarget, ReportReason } from "./moderation";

/** CloudEvents 1.0 structured JSON envelope with a typed `data`. */
export function cloudEvent<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({
    specversion: z.literal("1.0"),
    id: z.string().min(1).max(200),
    source: z.string().min(1).max(500),
    type: z.literal(type),
    time: Timestamp,
    datacontenttype: z.string().optional(),
    subject: z.string().optional(),
    data,
  });
}

export const CloudEventEnvelope = z.object({
  specversion: z.literal("1.0"),
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(500),
  type: z.string().min(1).max(200),
  time: Timestamp,
  data: z.unknown(),
});
export type CloudEventEnvelope = z.infer<typeof CloudEventEnvelope>;

const UserData = z.looseObject({
  id: UserId,
  name: z.string().max(200).nullish(),
  avatarUrl: z.string().max(2048).nullish(),
});
const OrderData = z.looseObject({
  orderId: z.string().trim().min(1).max(64),
  buyerId: UserId,
  sellerId: UserId,
});

export const UserCreated = cloudEvent("user.created", UserData);
export const UserUpdated = cloudEvent("user.updated", UserData);
export const UserBanned = cloudEvent(
  "user.banned",
  z.looseObject({ id: UserId, reason: z.string().nullish() }),
);
export const UserDeleted = cloudEvent("user.deleted", z.looseObject({ id: UserId }));

export const OrderCreated = cloudEvent(
  "order.created",
  OrderData.extend({ title: z.string().max(200).nullish() }),
);
export const OrderStatusChanged = cloudEvent(
  "order.status_changed",
  OrderData.extend({ status: z.string().min(1).max(64) }),
);
export const OrderDisputed = cloudEvent(
  "order.disputed",
  OrderData.extend({ reason: z.string().max(2000).nullish() }),
);
export const OrderCompleted = cloudEvent("order.completed", OrderData);
export const OrderCancelled = cloudEvent(
  "order.cancelled",
  OrderData.extend({ reason: z.string().max(2000).nullish() }),
);

export const InboundEvent = z.discriminatedUnion("type", [
  UserCreated,
  UserUpdated,
  UserBanned,
  UserDeleted,
  OrderCreated,
  OrderStatusChanged,
  OrderDisputed,
  OrderCompleted,
  OrderCancelled,
]);
export type InboundEvent = z.infer<typeof InboundEvent>;
export type InboundEventOf<T extends InboundEvent["type"]> = Extract<InboundEvent, { type: T }>;

export const ChatCreated = cloudEvent(
  "chat.created",
  z.object({ chatId: ChatId, type: ChatType, memberIds: z.array(UserId), orderId: z.string().nullable() }),
);
export const ChatMessageCreated = cloudEvent(
  "chat.message.created",
  z.object({ chatId: ChatId, chatType: ChatType, message: Message }),
);
export const ChatModeratorAssigned = cloudEvent(
  "chat.moderator.assigned",
  z.object({ chatId: ChatId, moderatorId: UserId, assignedBy: UserId.nullable() }),
);
export const ChatDisputeOpened = cloudEvent(
  "chat.dispute.opened",
  z.object({
    chatId: ChatId,
    disputeId: z.uuid(),
    orderId: z.string().nullable(),
    reason: z.string(),
    openedBy: UserId.nullable(),
    source: z.enum(["chat", "marketplace"]),
  }),
);
export const ChatDisputeResolved = cloudEvent(
  "chat.dispute.resolved",
  z.object({
    chatId: ChatId,
    disputeId: z.uuid(),
    orderId: z.string().nullable(),
    outcome: DisputeOutcome,
    comment: z.string(),
    resolvedBy: UserId,
  }),
);
export const ChatReportCreated = cloudEvent(
  "chat.report.created",
  z.object({
    chatId: ChatId,
    reportId: z.uuid(),
    caseId: z.uuid(),
    reporterId: UserId,
    reason: ReportReason,
    target: CaseTarget,
  }),
);
export const ChatCaseResolved = cloudEvent(
  "chat.case.resolved",
  z.object({
    chatId: ChatId,
    caseId: z.uuid(),
    target: CaseTarget,
    action: CaseAction,
    comment: z.string(),
    resolvedBy: UserId,
  }),
);
/** `mutedBy`/`bannedBy` null: the system did it (an automatic penalty). `until` null: until lifted. */
export const ChatMemberMuted = cloudEvent(
  "chat.member.muted",
  z.object({
    chatId: ChatId,
    userId: UserId,
    until: Timestamp.nullable(),
    mutedBy: UserId.nullable(),
    reason: z.string().nullable(),
  }),
);
export const ChatMemberBanned = cloudEvent(
  "chat.member.banned",
  z.object({
    chatId: ChatId,
    userId: UserId,
    until: Timestamp.nullable(),
    bannedBy: UserId.nullable(),
    reason: z.string().nullable(),
  }),
);
export const ChatMessageFlagged = cloudEvent(
  "chat.message.flagged",
  z.object({
    chatId: ChatId,
    messageId: MessageId,
    senderId: UserId,
    categories: z.array(SafetyCategory),
    action: z.enum(["mask", "flag"]),
  }),
);
export const NotificationRequested = cloudEvent(
  "notification.requested",
  z.object({
    userId: UserId,
    chatId: ChatId,
    messageId: MessageId,
    seq: Seq,
    senderId: UserId.nullable(),
    senderName: z.string().nullable(),
    preview: z.string(),
  }),
);

export const OutboundEvent = z.discriminatedUnion("type", [
  ChatCreated,
  ChatMessageCreated,
  ChatModeratorAssigned,
  ChatDisputeOpened,
  ChatDisputeResolved,
  ChatReportCreated,
  ChatCaseResolved,
  ChatMemberMuted,
  ChatMemberBanned,
  ChatMessageFlagged,
  NotificationRequested,
]);
export type OutboundEvent = z.infer<typeof OutboundEvent>;
export type OutboundEventType = OutboundEvent["type"];
export type OutboundEventData<T extends OutboundEventType> = Extract<OutboundEvent, { type: T }>["data"];

export const EVENT_SOURCE = "/gametrade/chat-svc";
