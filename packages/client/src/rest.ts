import type {
  AssignModeratorBody,
  AuditPage,
  Block,
  BlockList,
  CasePage,
  ChatDetail,
  ChatPage,
  CreateChatBody,
  CreateReportBody,
  CreateRuleBody,
  Dispute,
  DisputeListPage,
  EditMessageBody,
  FreezeBody,
  ListAuditQuery,
  ListCasesQuery,
  ListChatsQuery,
  ListDisputesQuery,
  ListMembersQuery,
  ListMessagesQuery,
  MemberPage,
  Message,
  MessagePage,
  MessageVersions,
  ModerationCase,
  ModerationRule,
  OpenDisputeBody,
  ReadResult,
  Report,
  ResolveCaseBody,
  ResolveDisputeBody,
  RuleList,
  Sanction,
  SanctionBody,
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
const blockPath = (userId: string) => `/users/me/blocks/${encodeURIComponent(userId)}`;

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
    listMessageVersions: (chatId: string, messageId: string) =>
      send<MessageVersions>("GET", `${chatPath(chatId)}/messages/${encodeURIComponent(messageId)}/versions`),
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
    muteMember: (chatId: string, body: In<typeof SanctionBody>) =>
      send<Sanction>("POST", `${chatPath(chatId)}/mutes`, { body }),
    unmuteMember: (chatId: string, userId: string) =>
      send<void>("DELETE", `${chatPath(chatId)}/mutes/${encodeURIComponent(userId)}`),
    banMember: (chatId: string, body: In<typeof SanctionBody>) =>
      send<Sanction>("POST", `${chatPath(chatId)}/bans`, { body }),
    unbanMember: (chatId: string, userId: string) =>
      send<void>("DELETE", `${chatPath(chatId)}/bans/${encodeURIComponent(userId)}`),
    freezeChat: (chatId: string, body: In<typeof FreezeBody>) =>
      send<ChatDetail>("POST", `${chatPath(chatId)}/freeze`, { body }),
    listCases: (query: QueryOf<typeof ListCasesQuery> = {}) =>
      send<CasePage>("GET", "/moderation/cases", { query }),
    claimCase: (caseId: string) => send<ModerationCase>("POST", `${casePath(caseId)}/claim`),
    resolveCase: (caseId: string, body: In<typeof ResolveCaseBody>) =>
      send<ModerationCase>("POST", `${casePath(caseId)}/resolve`, { body }),
    listDisputes: (query: QueryOf<typeof ListDisputesQuery> = {}) =>
      send<DisputeListPage>("GET", "/moderation/disputes", { query }),
    listAudit: (query: QueryOf<typeof ListAuditQuery> = {}) =>
      send<AuditPage>("GET", "/moderation/audit", { query }),
    listRules: () => send<RuleList>("GET", "/moderation/rules"),
    createRule: (body: In<typeof CreateRuleBody>) =>
      send<ModerationRule>("POST", "/moderation/rules", { body }),
    deleteRule: (ruleId: string) => send<void>("DELETE", `/moderation/rules/${encodeURIComponent(ruleId)}`),
    listBlocks: () => send<BlockList>("GET", "/users/me/blocks"),
    blockUser: (userId: string) => send<Block>("PUT", blockPath(userId)),
    unblockUser: (userId: string) => send<void>("DELETE", blockPath(userId)),
  };
}

export type RestMethods = ReturnType<typeof restMethods>;
