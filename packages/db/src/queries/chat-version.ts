import type { Executor } from "../client";
import { sqlOf } from "../client";

/**
 * Takes the chat's next version under the chat row's lock, held to commit: versions are gap-free and
 * in commit order, like seq. Every transaction that changes a message calls this BEFORE it touches the
 * message row, so all writers lock the chat first and never deadlock on each other; it must run in the
 * caller's transaction, which rolls back (returning the version) when the change then finds nothing to do.
 * Returns null when the chat does not exist.
 */
export async function nextChatVersion(tx: Executor, chatId: string): Promise<number | null> {
  const [row] = await sqlOf(tx).unsafe<{ version: string }[]>(
    "update chats set last_version = last_version + 1 where id = $1 returning last_version as version",
    [chatId],
    { prepare: true },
  );
  return row ? Number(row.version) : null;
}
