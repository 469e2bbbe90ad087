import {
  AuditPage,
  Block,
  BlockList,
  ChatDetail,
  ChatPage,
  Dispute,
  DisputeListPage,
  FreezeBody,
  Message,
  MessageVersions,
  ModerationCase,
  ReadResult,
  Report,
  Sanction,
  SanctionBody,
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
      [SanctionBody, examples.sanctionBodyExample],
      [Sanction, examples.sanctionExample],
      [FreezeBody, examples.freezeBodyExample],
      [ChatDetail, examples.frozenChatExample],
      [DisputeListPage, examples.disputeListPageExample],
      [MessageVersions, examples.messageVersionsExample],
      [AuditPage, examples.auditPageExample],
      [Block, examples.blockExample],
      [BlockList, examples.blockListExample],
    ] as const;
    for (const [schema, example] of pairs) expect(schema.safeParse(example).error).toBeUndefined();
  });
});
