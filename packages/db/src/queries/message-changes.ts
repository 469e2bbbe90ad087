import type { MessageVersion } from "@chat/shared/contracts";
import { newId } from "@chat/shared/ids";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Executor } from "../client";
import { type MessageChange, type MessageRow, messageEdits, messages } from "../schema";

/**
 * Replaces a message's content and keeps the text it replaced in message_edits, in the caller's
 * transaction. Returns null when the message does not exist in the chat or is already deleted.
 */
export function editMessage(
  tx: Executor,
  input: { chatId: string; messageId: string; editorId: string; content: string; flags?: string[] },
): Promise<MessageRow | null> {
  return changeMessage(tx, input, input.editorId, "edit", {
    content: input.content,
    flags: input.flags ?? [],
    editedAt: sql`now()`,
  });
}

/**
 * Keeps a text the safety policy masked as a version of the message, for moderators: the sender wrote it,
 * the stored content has its matches replaced by ***.
 */
export async function recordMaskedOriginal(
  tx: Executor,
  input: { messageId: string; senderId: string; original: string },
): Promise<void> {
  await tx.insert(messageEdits).values({
    id: newId(),
    messageId: input.messageId,
    editorId: input.senderId,
    previousContent: input.original,
    change: "mask",
  });
}

/**
 * Soft delete: the content and attachments are cleared, seq and metadata stay. The removed text is
 * kept in message_edits as evidence for disputes. Returns null when there was nothing to delete.
 */
export function softDeleteMessage(
  tx: Executor,
  input: { chatId: string; messageId: string; deletedBy: string },
): Promise<MessageRow | null> {
  return changeMessage(tx, input, input.deletedBy, "delete", {
    content: "",
    attachments: [],
    deletedAt: sql`now()`,
  });
}

/** Locks the live message first, so a concurrent edit or delete waits, then records the old text and applies the change. */
async function changeMessage(
  tx: Executor,
  target: { chatId: string; messageId: string },
  actorId: string,
  kind: MessageChange,
  change: PgUpdateSetSource<typeof messages>,
): Promise<MessageRow | null> {
  const [current] = await tx
    .select()
    .from(messages)
    .where(
      and(eq(messages.chatId, target.chatId), eq(messages.id, target.messageId), isNull(messages.deletedAt)),
    )
    .for("update");
  if (!current) return null;
  await tx.insert(messageEdits).values({
    id: newId(),
    messageId: current.id,
    editorId: actorId,
    previousContent: current.content,
    change: kind,
  });
  const [row] = await tx.update(messages).set(change).where(eq(messages.id, current.id)).returning();
  return row ?? null;
}

/**
 * Every text the message had, oldest first: each kept previous text with what replaced it, then the
 * text it has now unless a deletion removed it. Edits, deletions and masks always keep the replaced
 * text, so the list is complete whether or not a dispute or case was open at the time.
 */
export async function listMessageVersions(db: Executor, message: MessageRow): Promise<MessageVersion[]> {
  const edits = await db
    .select()
    .from(messageEdits)
    .where(eq(messageEdits.messageId, message.id))
    .orderBy(messageEdits.editedAt, messageEdits.id);
  let since = message.createdAt;
  const versions: MessageVersion[] = edits.map((edit) => {
    const version = {
      content: edit.previousContent,
      since: since.toISOString(),
      replacedAt: edit.editedAt.toISOString(),
      replacedBy: edit.change,
      changedBy: edit.editorId,
    };
    since = edit.editedAt;
    return version;
  });
  if (!message.deletedAt) {
    versions.push({
      content: message.content,
      since: since.toISOString(),
      replacedAt: null,
      replacedBy: null,
      changedBy: null,
    });
  }
  return versions;
}
