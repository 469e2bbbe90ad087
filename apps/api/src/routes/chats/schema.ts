/** The zod contracts each route validates and documents, under the names the routes use. */
export {
  ChatDetail as ChatDetailSchema,
  ChatIdParam as ChatIdParamSchema,
  ChatPage as ChatPageSchema,
  CreateChatBody as CreateChatBodySchema,
  ListChatsQuery,
  UpdateChatBody as UpdateChatBodySchema,
} from "@chat/shared/contracts";
