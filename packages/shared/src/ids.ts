import { uuidv7 } from "uuidv7";

/** Ids we mint are UUIDv7: time-ordered, so they index well and sort by creation. */
export function newId(): string {
  return uuidv7();
}
