import { decodeChatCursor, encodeChatCursor, type KeysetCursor } from "@chat/db/queries";
import { fieldError } from "@chat/shared/errors";

/** A `cursor` query value back into its position; 400 for anything this API did not issue. */
export function readCursor(value: string | undefined): KeysetCursor | null {
  if (value === undefined) return null;
  const cursor = decodeChatCursor(value);
  if (!cursor) throw fieldError("cursor", "is not a cursor this API issued");
  return cursor;
}

export const nextCursorOf = (last: KeysetCursor | null) => (last ? encodeChatCursor(last) : null);
