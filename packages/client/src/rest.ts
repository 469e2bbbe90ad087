import type {
  AssignModeratorBody,
  CasePage,
  ChatDetail,
  ChatPage,
  CreateChatBody,
  CreateReportBody,
  CreateRuleBody,
  Dispute,
  EditMessageBody,
  ListCasesQuery,
  ListChatsQuery,
  ListMembersQuery,
  ListMessagesQuery,
  MemberPage,
  Message,
  MessagePage,
  ModerationCase,
  ModerationRule,
  OpenDisputeBody,
  ReadResult,
  Report,
  ResolveCaseBody,
  ResolveDisputeBody,
  RuleList,
  SendMessageBody,
  UpdateChatBody,
} from "@chat/shared/contracts";
import type { z } from "zod";
import type { Send } from "./transport";

/** What the caller may pass: the contracts' input side, so defaulted fields stay optional. */
type In<S extends z.ZodType> = z.input<S>;
/** Query strings are coerced by the service, so their input side is `unknown`; callers pass the parsed types. */
type QueryOf<S extends z.ZodType> = Partial<z.output<S>>;

const chatPath = (chatId: string) => `/chats/${encodeURIComponent(chatId)}`;
const casePath = (caseId: string) => `/moderation/cases/${encodeURIComponent(caseId)}`;

/** Every REST route of chat-svc, one method each, named after the route's OpenAPI operationId. */
export function restMethods(send: Send) {
  return {
    createChat: (body: In<typeof CreateChatBody>) => send<ChatDetail>("POST", "/chats", { body }),
    listChats: (query: QueryOf<typeof ListChatsQuery> = {}) => send<ChatPage>("GET", "/chats", { query }),
    getChat: (chatId: string) => send<ChatDetail>("GET", chatPath(chatId)),
    listMembers: (chatId: string, query: QueryOf<typeof ListMembersQuery> = {}) =>
      send<MemberPage>("GET", `${chatPath(chatId)}/members`, { query }),
    updateChat: (chatId: string, body: In<typeof UpdateChatBody>) =>
      send<ChatDetail>("PATCH", chatPath(chatId), { body }),
    sendMessage: (chatId: string, body: In<typeof SendMessageBody>) =>
      send<Message>("POST", `${chatPath(chatId)}/messages`, { body }),
    listMessages: (chatId: string, query: QueryOf<typeof ListMessagesQuery> = {}) =>
      send<MessagePage>("GET", `${chatPath(chatId)}/messages`, { query }),
    editMessage: (chatId: string, messageId: string, body: In<typeof EditMessageBody>) =>
      send<Message>("PATCH", `${chatPath(chatId)}/messages/${encodeURIComponent(messageId)}`, { body }),
    deleteMessage: (chatId: string, messageId: string) =>
      send<Message>("DELETE", `${chatPath(chatId)}/messages/${encodeURIComponent(messageId)}`),
    markRead: (chatId: string, seq: number) =>
      send<ReadResult>("POST", `${chatPath(chatId)}/read`, { body: { seq } }),
    openDispute: (chatId: string, body: In<typeof OpenDisputeBody>) =>
      send<Dispute>("POST", `${chatPath(chatId)}/dispute`, { body }),
    assignModerator: (chatId: string, body: In<typeof AssignModeratorBody>) =>
      send<ChatDetail>("POST", `${chatPath(chatId)}/moderator`, { body }),
    resolveDispute: (chatId: string, body: In<typeof ResolveDisputeBody>) =>
      send<Dispute>("POST", `${chatPath(chatId)}/resolve`, { body }),
    reportChat: (chatId: string, body: In<typeof CreateReportBody>) =>
      send<Report>("POST", `${chatPath(chatId)}/reports`, { body }),
    listCases: (query: QueryOf<typeof ListCasesQuery> = {}) =>
      send<CasePage>("GET", "/moderation/cases", { query }),
    claimCase: (caseId: string) => send<ModerationCase>("POST", `${casePath(caseId)}/claim`),
    resolveCase: (caseId: string, body: In<typeof ResolveCaseBody>) =>
      send<ModerationCase>("POST", `${casePath(caseId)}/resolve`, { body }),
    listRules: () => send<RuleList>("GET", "/moderation/rules"),
    createRule: (body: In<typeof CreateRuleBody>) =>
      send<ModerationRule>("POST", "/moderation/rules", { body }),
    deleteRule: (ruleId: string) => send<void>("DELETE", `/moderation/rules/${encodeURIComponent(ruleId)}`),
  };
}

export type RestMethods = ReturnType<typeof restMethods>;
