import { listDisputes as readDisputes } from "@chat/db/queries";
import type { DisputeListPage, ListDisputesQuery } from "@chat/shared/contracts";
import type { ServiceContext } from "../context";
import { nextCursorOf, readCursor } from "./cursor";
import { requireStaff } from "./staff";

/** Where moderators find disputes to take on: open ones oldest first, resolved ones newest first. */
export async function listDisputes({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListDisputesQuery;
}): Promise<DisputeListPage> {
  requireStaff(ctx.principal, "read the dispute list");
  const cursor = readCursor(input.cursor);
  const page = await readDisputes(ctx.db, { status: input.status, limit: input.limit, cursor });
  return { items: page.items, nextCursor: nextCursorOf(page.last) };
}
