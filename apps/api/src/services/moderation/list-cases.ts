import { listCases as readCases } from "@chat/db/queries";
import type { CasePage, ListCasesQuery } from "@chat/shared/contracts";
import type { ServiceContext } from "../context";
import { nextCursorOf, readCursor } from "./cursor";
import { requireStaff } from "./staff";

/** The review queue: open and assigned cases oldest first, closed ones newest first. */
export async function listCases({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListCasesQuery;
}): Promise<CasePage> {
  requireStaff(ctx.principal, "read the review queue");
  const cursor = readCursor(input.cursor);
  const page = await readCases(ctx.db, { status: input.status, limit: input.limit, cursor });
  return { items: page.items, nextCursor: nextCursorOf(page.last) };
}
