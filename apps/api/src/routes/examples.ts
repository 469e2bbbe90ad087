import type {
  AuditPage,
  Block,
  BlockList,
  ChatDetail,
  ChatPage,
  Dispute,
  DisputeListPage,
  FreezeBody,
  Message,
  MessageVersions,
  ModerationCase,
  ModerationRule,
  ReadResult,
  Report,
  Sanction,
  SanctionBody,
} from "@chat/shared/contracts";

/** One consistent story (a deal chat between a buyer and a seller) that the OpenAPI examples tell. */
const chatId = "0198c0de-0000-7000-8000-00000000c4a7";
const at = "2026-05-04T12:30:00.000Z";

export const messageExample: Message = {
  id: "0198c0de-0000-7000-8000-0000000000a1",
  chatId,
  seq: 42,
  senderId: "buyer-17",
  type: "text",
  content: "Is the skin still available?",
  clientMessageId: "c-5f2b9e",
  replyToId: null,
  attachments: [],
  flags: [],
  createdAt: at,
  editedAt: null,
  deletedAt: null,
};

export const disputeExample: Dispute = {
  id: "0198c0de-0000-7000-8000-0000000000d1",
  chatId,
  status: "open",
  reason: "The item never arrived",
  openedBy: "buyer-17",
  source: "chat",
  outcome: null,
  comment: null,
  resolvedBy: null,
  openedAt: at,
  resolvedAt: null,
};

const chat = {
  id: chatId,
  type: "deal" as const,
  title: null,
  orderId: "order-9001",
  ownerId: null,
  status: "open" as const,
  frozen: false,
  lastSeq: 42,
  lastActivityAt: at,
  createdAt: "2026-05-04T12:00:00.000Z",
};

export const chatDetailExample: ChatDetail = {
  ...chat,
  members: [
    {
      userId: "buyer-17",
      role: "member",
      name: "Ana",
      avatarUrl: null,
      lastReadSeq: 42,
      joinedAt: chat.createdAt,
    },
    {
      userId: "seller-3",
      role: "member",
      name: "Bo",
      avatarUrl: null,
      lastReadSeq: 40,
      joinedAt: chat.createdAt,
    },
  ],
  memberCount: 2,
  membersCursor: null,
  openDispute: null,
};

export const chatPageExample: ChatPage = {
  items: [{ ...chat, unreadCount: 2, lastReadSeq: 40, lastMessage: messageExample }],
  nextCursor: "eyJhdCI6IjIwMjYtMDUtMDRUMTI6MzA6MDBaIn0",
};

export const readResultExample: ReadResult = { lastReadSeq: 42, unreadCount: 0 };

const target = { type: "message" as const, chatId, messageId: messageExample.id };

export const reportExample: Report = {
  id: "0198c0de-0000-7000-8000-0000000000e1",
  caseId: "0198c0de-0000-7000-8000-0000000000ca",
  chatId,
  reporterId: "seller-3",
  reason: "off_platform",
  comment: "Asks to pay outside the marketplace",
  target,
  createdAt: at,
};

export const caseExample: ModerationCase = {
  id: reportExample.caseId,
  target,
  reasons: { off_platform: 1 },
  reportCount: 1,
  flags: [],
  firstReportedAt: at,
  lastReportedAt: at,
  status: "assigned",
  assigneeId: "mod-1",
  evidence: { takenAt: at, messages: [messageExample] },
  action: null,
  comment: null,
  resolvedBy: null,
  resolvedAt: null,
};

export const ruleExample: ModerationRule = {
  id: "0198c0de-0000-7000-8000-0000000000e1",
  kind: "domain",
  value: "steamcommunnity.ru",
  action: "block",
  chatTypes: null,
  note: "A Steam look-alike seen in phishing reports",
  createdBy: "admin-1",
  createdAt: at,
};

/** A day's mute of the seller by the deal's moderator; a ban has the same shape. */
export const sanctionBodyExample: SanctionBody = {
  userId: "seller-3",
  durationSec: 86_400,
  reason: "Asked the buyer to pay outside the marketplace",
};

export const sanctionExample: Sanction = {
  chatId,
  userId: "seller-3",
  until: "2026-05-05T12:30:00.000Z",
  reason: "Asked the buyer to pay outside the marketplace",
  createdBy: "mod-1",
  createdAt: at,
};

export const freezeBodyExample: FreezeBody = { frozen: true, reason: "Dispute under review" };

export const frozenChatExample: ChatDetail = { ...chatDetailExample, frozen: true };

export const disputeListPageExample: DisputeListPage = {
  items: [{ ...disputeExample, orderId: chat.orderId, moderatorId: "mod-1" }],
  nextCursor: null,
};

export const messageVersionsExample: MessageVersions = {
  messageId: messageExample.id,
  chatId,
  senderId: messageExample.senderId,
  deletedAt: null,
  items: [
    {
      content: "Is the skin still avialable?",
      since: "2026-05-04T12:29:00.000Z",
      replacedAt: at,
      replacedBy: "edit",
      changedBy: "buyer-17",
    },
    { content: messageExample.content, since: at, replacedAt: null, replacedBy: null, changedBy: null },
  ],
};

export const auditPageExample: AuditPage = {
  items: [
    {
      id: "0198c0de-0000-7000-8000-0000000000f1",
      chatId,
      action: "member.muted",
      actor: "mod-1",
      targetId: null,
      targetUserId: "seller-3",
      reason: sanctionExample.reason,
      details: { until: sanctionExample.until },
      createdAt: at,
    },
  ],
  nextCursor: "eyJhdCI6IjIwMjYtMDUtMDRUMTI6MzA6MDBaIn0",
};

export const blockExample: Block = { userId: "seller-3", createdAt: at };

export const blockListExample: BlockList = { items: [blockExample] };
