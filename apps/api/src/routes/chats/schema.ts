import {
  ChatDetail,
  ChatIdParam,
  ChatPage,
  CreateChatBody,
  ListChatsQuery,
  ListMembersQuery,
  MemberPage,
  UpdateChatBody,
} from "@chat/shared/contracts";
import { named } from "../openapi";

export const ChatDetailSchema = named(ChatDetail, "ChatDetail");
export const ChatIdParamSchema = ChatIdParam;
export const ChatPageSchema = named(ChatPage, "ChatPage");
export const MemberPageSchema = named(MemberPage, "MemberPage");
export const CreateChatBodySchema = named(CreateChatBody, "CreateChatBody");
export const UpdateChatBodySchema = named(UpdateChatBody, "UpdateChatBody");
export { ListChatsQuery, ListMembersQuery };
