import { describe, expect, it } from "vitest";
import { decodeChatMessage, decodeControlMessage, encodeChatMessage, encodeControlMessage } from "./codec";

describe("the bus-frame codec", () => {
  it("decodes what it encodes, for chat and control messages", () => {
    const chat = {
      frame: { type: "typing", chatId: "0190a6b2-1c4d-7e8f-9a0b-1c2d3e4f5a6b", userId: "u1", isTyping: true },
      requestId: "req-1",
    } as const;
    expect(decodeChatMessage(encodeChatMessage(chat))).toEqual(chat);
    const control = { type: "user_banned", userId: "u1" } as const;
    expect(decodeControlMessage(encodeControlMessage(control))).toEqual(control);
  });

  it("returns null for garbage instead of throwing: not JSON, the wrong shape, the other channel's message", () => {
    for (const payload of ["", "not json", "null", "42", '{"frame":{"type":"nope"}}', "{}"]) {
      expect(decodeChatMessage(payload)).toBeNull();
      expect(decodeControlMessage(payload)).toBeNull();
    }
    expect(decodeChatMessage(encodeControlMessage({ type: "user_banned", userId: "u1" }))).toBeNull();
    expect(decodeControlMessage('{"type":"user_banned"}')).toBeNull();
  });
});
