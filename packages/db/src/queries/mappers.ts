import type { Chat, Dispute, Message, SafetyCategory } from "@chat/shared/contracts";
import type { ChatRow, DisputeRow, MessageRow } from "../schema";

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

/** A deleted message keeps its seq and metadata; its content and attachments are gone. */
export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    chatId: row.chatId,
    seq: row.seq,
    senderId: row.senderId,
    type: row.type,
    content: row.deletedAt ? "" : row.content,
    clientMessageId: row.clientMessageId,
    replyToId: row.replyToId,
    attachments: row.deletedAt ? [] : row.attachments,
    flags: row.flags as SafetyCategory[],
    createdAt: iso(row.createdAt),
    editedAt: isoOrNull(row.editedAt),
    deletedAt: isoOrNull(row.deletedAt),
  };
}

export function toChat(row: ChatRow): Chat {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    orderId: row.orderId,
    ownerId: row.ownerId,
    status: row.status,
    frozen: row.frozenAt !== null,
    lastSeq: row.lastSeq,
    lastActivityAt: iso(row.lastActivityAt),
    createdAt: iso(row.createdAt),
  };
}

export function toDispute(row: DisputeRow): Dispute {
  return {
    id: row.id,
    chatId: row.chatId,
    status: row.status,
    reason: row.reason,
    openedBy: row.openedBy,
    source: row.source,
    outcome: row.outcome,
    comment: row.comment,
    resolvedBy: row.resolvedBy,
    openedAt: iso(row.openedAt),
    resolvedAt: isoOrNull(row.resolvedAt),
  };
}
