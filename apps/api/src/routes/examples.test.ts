import {
  ChatDetail,
  ChatPage,
  Dispute,
  Message,
  ModerationCase,
  ReadResult,
  Report,
} from "@chat/shared/contracts";
import { describe, expect, it } from "vitest";
import * as examples from "./examples";

describe("OpenAPI examples", () => {
  it("are valid instances of their contracts, formats included (types alone do not check uuids or dates)", () => {
    const pairs = [
      [Message, examples.messageExample],
      [Dispute, examples.disputeExample],
      [ChatDetail, examples.chatDetailExample],
      [ChatPage, examples.chatPageExample],
      [ReadResult, examples.readResultExample],
      [Report, examples.reportExample],
      [ModerationCase, examples.caseExample],
    ] as const;
    for (const [schema, example] of pairs) expect(schema.safeParse(example).error).toBeUndefined();
  });
});
