import type { Executor } from "@chat/db";
import { findChat } from "@chat/db/queries";
import type { ChatType } from "@chat/shared/contracts";

const MAX_ENTRIES = 10_000;

/** A chat's type never changes, so the policy reads it from memory after the first look. */
export function createChatTypeCache(db: Executor) {
  const types = new Map<string, ChatType>();
  return async function chatTypeOf(chatId: string): Promise<ChatType | null> {
    const known = types.get(chatId);
    if (known) return known;
    const chat = await findChat(db, chatId);
    if (!chat) return null;
    if (types.size >= MAX_ENTRIES) types.delete(types.keys().next().value as string);
    types.set(chatId, chat.type);
    return chat.type;
  };
}
export type ChatTypeOf = ReturnType<typeof createChatTypeCache>;
