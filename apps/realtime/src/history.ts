import type { DbClient } from "@chat/db";
import { listMessages } from "@chat/db/queries";
import type { Message } from "@chat/shared/contracts";

const PAGE_SIZE = 100;

/**
 * The committed messages of a chat in (afterSeq, upToSeq], in seq order, a page of at most 100 at a time.
 * The hub's catch-up and a socket's replay both walk history through here.
 */
export async function* messagePages(
  db: DbClient,
  chatId: string,
  afterSeq: number,
  upToSeq: number,
): AsyncGenerator<Message[]> {
  let after = afterSeq;
  while (after < upToSeq) {
    const page = await listMessages(db.db, { chatId, after, limit: Math.min(PAGE_SIZE, upToSeq - after) });
    const messages = page.items.filter((message) => message.seq <= upToSeq);
    const last = messages.at(-1);
    if (!last) return;
    yield messages;
    after = last.seq;
  }
}
