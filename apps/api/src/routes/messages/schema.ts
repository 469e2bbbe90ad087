import {
  EditMessageBody,
  ListMessagesQuery,
  Message,
  MessageIdParam,
  MessagePage,
  ReadBody,
  ReadResult,
  SendMessageBody,
} from "@chat/shared/contracts";

export const MessageSchema = Message;
export const MessagePageSchema = MessagePage;
export const SendMessageBodySchema = SendMessageBody;
export const EditMessageBodySchema = EditMessageBody;
export const ReadBodySchema = ReadBody;
export const ReadResultSchema = ReadResult;
export const MessageIdParamSchema = MessageIdParam;
export { ListMessagesQuery };
