import { z } from "zod";
import { Chat, ChatId, ChatStatus, Member, MemberRole, Message, Seq, Timestamp, UserId } from "./common";

export const ClientFrame = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("join_chat"), chatId: ChatId, sinceSeq: Seq.optional() }),
  z.strictObject({ type: z.literal("leave_chat"), chatId: ChatId }),
  z.strictObject({ type: z.literal("typing"), chatId: ChatId, isTyping: z.boolean() }),
  z.strictObject({ type: z.literal("ping") }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const WsErrorCode = z.enum([
  "BAD_FRAME",
  "NOT_FOUND",
  "NOT_JOINED",
  "TOO_MANY_CHATS",
  "RATE_LIMITED",
  "UNAVAILABLE",
]);
export type WsErrorCode = z.infer<typeof WsErrorCode>;

export const ServerFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("joined"), chatId: ChatId, lastSeq: Seq, recovered: z.boolean().optional() }),
  z.object({ type: z.literal("new_message"), chatId: ChatId, message: Message }),
  z.object({ type: z.literal("message_updated"), chatId: ChatId, message: Message }),
  z.object({ type: z.literal("message_deleted"), chatId: ChatId, message: Message }),
  z.object({ type: z.literal("read"), chatId: ChatId, userId: UserId, seq: Seq }),
  z.object({ type: z.literal("user_joined"), chatId: ChatId, userId: UserId }),
  z.object({ type: z.literal("user_left"), chatId: ChatId, userId: UserId }),
  z.object({ type: z.literal("typing"), chatId: ChatId, userId: UserId, isTyping: z.boolean() }),
  z.object({ type: z.literal("member_added"), chatId: ChatId, member: Member }),
  z.object({
    type: z.literal("member_removed"),
    chatId: ChatId,
    userId: UserId,
    role: MemberRole.optional(),
  }),
  z.object({
    type: z.literal("chat_updated"),
    chatId: ChatId,
    title: z.string().nullable().optional(),
    status: ChatStatus.optional(),
    disputeOpen: z.boolean().optional(),
    /** The whole chat after a change such as a freeze. */
    chat: Chat.optional(),
  }),
  z.object({ type: z.literal("member_muted"), chatId: ChatId, userId: UserId, until: Timestamp.nullable() }),
  z.object({ type: z.literal("member_unmuted"), chatId: ChatId, userId: UserId }),
  z.object({ type: z.literal("error"), code: WsErrorCode, detail: z.string(), chatId: ChatId.optional() }),
  z.object({ type: z.literal("pong") }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type ServerFrameOf<T extends ServerFrame["type"]> = Extract<ServerFrame, { type: T }>;

/** WebSocket close codes we send; 4xxx are ours, the rest are RFC 6455. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  MESSAGE_TOO_BIG: 1009,
  SERVICE_RESTART: 1012,
  UNAUTHORIZED: 4001,
  BANNED: 4003,
  SLOW_CONSUMER: 4008,
  TOO_MANY_CONNECTIONS: 4029,
  RESYNC: 4010,
} as const;
