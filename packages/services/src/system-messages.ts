import type { Executor } from "@chat/db";
import { appendMessage } from "@chat/db/queries";
import type { Message, ServerFrame } from "@chat/shared/contracts";

/** What a workflow wrote, and the frames its chat's sockets get once the transaction commits. */
export interface ChatChange {
  chatId: string;
  frames: ServerFrame[];
}

/**
 * A system message (no sender, never refused by the write rule) in the caller's transaction, with the
 * new_message frame to publish after commit.
 */
export async function writeSystemMessage(
  tx: Executor,
  chatId: string,
  content: string,
): Promise<ChatChange & { message: Message }> {
  const { message } = await appendMessage(tx, { chatId, senderId: null, type: "system", content });
  return { chatId, message, frames: [{ type: "new_message", chatId, message }] };
}
