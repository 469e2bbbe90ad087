import {
  EditMessageBody,
  ListMessagesQuery,
  Message,
  MessageIdParam,
  MessagePage,
  MessageVersions,
  ReadBody,
  ReadResult,
  SendMessageBody,
} from "@chat/shared/contracts";
import { named } from "../openapi";

export const EditMessageBodySchema = named(EditMessageBody, "EditMessageBody");
export const MessageSchema = named(Message, "Message");
export const MessageIdParamSchema = MessageIdParam;
export const MessagePageSchema = named(MessagePage, "MessagePage");
export const MessageVersionsSchema = named(MessageVersions, "MessageVersions");
export const ReadBodySchema = named(ReadBody, "ReadBody");
export const ReadResultSchema = named(ReadResult, "ReadResult");
export const SendMessageBodySchema = named(SendMessageBody, "SendMessageBody");
export { ListMessagesQuery };
