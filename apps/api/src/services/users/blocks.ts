import {
  unblockUser as deleteBlock,
  blockUser as insertBlock,
  listBlocks as readBlocks,
} from "@chat/db/queries";
import type { Block, BlockList } from "@chat/shared/contracts";
import { fieldError } from "@chat/shared/errors";
import type { ServiceContext } from "../context";

/**
 * A user blocks another (idempotent): the blocked user can no longer open a private chat with them nor
 * send in their private chat (403 BLOCKED). Group and deal chats are not affected.
 */
export async function blockUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { userId: string };
}): Promise<Block> {
  if (input.userId === ctx.principal.userId) throw fieldError("userId", "cannot be yourself");
  return insertBlock(ctx.db, { blockerId: ctx.principal.userId, blockedId: input.userId });
}

export async function unblockUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { userId: string };
}): Promise<void> {
  await deleteBlock(ctx.db, { blockerId: ctx.principal.userId, blockedId: input.userId });
}

export async function listBlocks({ ctx }: { ctx: ServiceContext }): Promise<BlockList> {
  return { items: await readBlocks(ctx.db, ctx.principal.userId) };
}
