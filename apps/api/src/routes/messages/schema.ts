/** The zod contracts each route validates and documents, under the names the routes use. */
export {
  EditMessageBody as EditMessageBodySchema,
  ListMessagesQuery,
  Message as MessageSchema,
  MessageIdParam as MessageIdParamSchema,
  MessagePage as MessagePageSchema,
  ReadBody as ReadBodySchema,
  ReadResult as ReadResultSchema,
  SendMessageBody as SendMessageBodySchema,
} from "@chat/shared/contracts";
