import { randomBytes } from "node:crypto";
import type { ChatType } from "@chat/shared/contracts";
import type { Database } from "../client";
import { createChat } from "../queries/chats";
import { type AppendMessageInput, appendMessage } from "../queries/messages";
import type { ChatRow } from "../schema";

/** A user id no other test uses, so tests never see each other's rows. */
export function uniqueUserId(prefix = "user"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** A chat with these members (the first one owns a group), created as the api creates one. */
export async function createTestChat(
  db: Database,
  input: { memberIds: string[]; type?: ChatType; orderId?: string; title?: string },
): Promise<ChatRow> {
  const type = input.type ?? "group";
  const { chat } = await db.transaction((tx) =>
    createChat(tx, {
      type,
      title: input.title ?? (type === "group" ? "test chat" : null),
      orderId: input.orderId ?? null,
      ownerId: type === "group" ? (input.memberIds[0] ?? null) : null,
      members: input.memberIds.map((userId, index) => ({
        userId,
        role: type === "group" && index === 0 ? "owner" : "member",
      })),
    }),
  );
  return chat;
}

/** One send in its own transaction, as the api's send verb does it. */
export function sendTestMessage(
  db: Database,
  chat: ChatRow,
  input: Omit<AppendMessageInput, "chatId" | "content"> & { content?: string },
) {
  return db.transaction((tx) => appendMessage(tx, { chatId: chat.id, content: "hello", ...input }));
}
