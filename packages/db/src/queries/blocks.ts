import type { Block } from "@chat/shared/contracts";
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../client";
import { userBlocks } from "../schema";

/** Idempotent: blocking again keeps the first block and its time. */
export async function blockUser(
  db: Executor,
  input: { blockerId: string; blockedId: string },
): Promise<Block> {
  await db.insert(userBlocks).values(input).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(userBlocks)
    .where(and(eq(userBlocks.blockerId, input.blockerId), eq(userBlocks.blockedId, input.blockedId)));
  if (!row) throw new Error("block vanished");
  return { userId: row.blockedId, createdAt: row.createdAt.toISOString() };
}

export async function unblockUser(
  db: Executor,
  input: { blockerId: string; blockedId: string },
): Promise<void> {
  await db
    .delete(userBlocks)
    .where(and(eq(userBlocks.blockerId, input.blockerId), eq(userBlocks.blockedId, input.blockedId)));
}

export async function listBlocks(db: Executor, blockerId: string): Promise<Block[]> {
  const rows = await db
    .select()
    .from(userBlocks)
    .where(eq(userBlocks.blockerId, blockerId))
    .orderBy(desc(userBlocks.createdAt), userBlocks.blockedId);
  return rows.map((row) => ({ userId: row.blockedId, createdAt: row.createdAt.toISOString() }));
}

export async function isBlockedBy(
  db: Executor,
  input: { blockerId: string; blockedId: string },
): Promise<boolean> {
  const [row] = await db
    .select({ blockedId: userBlocks.blockedId })
    .from(userBlocks)
    .where(and(eq(userBlocks.blockerId, input.blockerId), eq(userBlocks.blockedId, input.blockedId)));
  return Boolean(row);
}
