import {
  ChatDetail,
  ChatIdParam,
  ChatPage,
  CreateChatBody,
  ListChatsQuery,
  UpdateChatBody,
} from "@chat/shared/contracts";

export const ChatDetailSchema = ChatDetail;
export const ChatPageSchema = ChatPage;
export const CreateChatBodySchema = CreateChatBody;
export const UpdateChatBodySchema = UpdateChatBody;
export const ChatIdParamSchema = ChatIdParam;
export { ListChatsQuery };
