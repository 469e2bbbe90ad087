import { decodeChatCursor, encodeChatCursor, listCases as readCases } from "@chat/db/queries";
import type { CasePage, ListCasesQuery } from "@chat/shared/contracts";
import { fieldError } from "@chat/shared/errors";
import type { ServiceContext } from "../context";
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
  const cursor = input.cursor === undefined ? null : decodeChatCursor(input.cursor);
  if (input.cursor !== undefined && !cursor) throw fieldError("cursor", "is not a cursor this API issued");
  const page = await readCases(ctx.db, { status: input.status, limit: input.limit, cursor });
  return { items: page.items, nextCursor: page.last ? encodeChatCursor(page.last) : null };
}
