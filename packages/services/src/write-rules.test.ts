import { WRITE_REFUSALS } from "@chat/db/queries";
import type { Principal } from "@chat/shared/auth";
import { describe, expect, it } from "vitest";
import { writeRefusalError } from "./write-rules";

const as = (role: Principal["role"]): Principal => ({ userId: `u-${role}`, role, name: null });

describe("writeRefusalError", () => {
  it("explains every refusal the SQL can decide", () => {
    const codes = WRITE_REFUSALS.map(
      (refusal) =>
        writeRefusalError({ refusal, chatStatus: "completed", mutedUntil: null }, as("user"), "send messages")
          .code,
    );
    expect(codes).toEqual([
      "NOT_FOUND",
      "NOT_FOUND",
      "READ_ONLY",
      "FROZEN",
      "MUTED",
      "BLOCKED",
      "VALIDATION_FAILED",
    ]);
  });

  it("a non-member who sees every chat is told it is members only; anyone else gets the 404 of a missing chat", () => {
    const notMember = { refusal: "not_member", chatStatus: "open", mutedUntil: null } as const;
    expect(writeRefusalError(notMember, as("admin"), "send messages")).toMatchObject({
      code: "FORBIDDEN",
      message: "only members of the chat may send messages",
    });
    expect(writeRefusalError(notMember, as("user"), "send messages")).toMatchObject({
      code: "NOT_FOUND",
      message: "chat not found",
    });
  });

  it("read_only names the chat's status; reply_not_found names the field", () => {
    expect(
      writeRefusalError(
        { refusal: "read_only", chatStatus: "cancelled", mutedUntil: null },
        as("user"),
        "edit messages",
      ).message,
    ).toBe("this chat is cancelled and read-only");
    expect(
      writeRefusalError(
        { refusal: "reply_not_found", chatStatus: "open", mutedUntil: null },
        as("user"),
        "send messages",
      ).errors,
    ).toEqual([{ path: "replyToId", message: "must name a message of this chat" }]);
  });

  it("muted carries when the mute ends, as the problem's mutedUntil", () => {
    const until = "2030-01-01T00:00:00.000Z";
    const error = writeRefusalError(
      { refusal: "muted", chatStatus: "open", mutedUntil: until },
      as("user"),
      "x",
    );
    expect(error.extensions).toEqual({ mutedUntil: until });
  });
});
