import type { ChatStatus, MemberRole, Role } from "@chat/shared/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestChat,
  createTestDatabase,
  sendTestMessage,
  type TestDatabase,
  uniqueUserId,
} from "../testing";
import { AppendRefused } from "./messages";
import { findWriteDecision } from "./write-rules";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const statuses: ChatStatus[] = ["open", "completed", "cancelled"];
const memberRoles: (MemberRole | null)[] = [null, "member", "owner", "moderator"];
const writerRoles: Role[] = ["user", "moderator", "admin"];

describe("the write rule", () => {
  it("a send and a change to an existing message decide every status × member role × token role alike", async () => {
    const decided: string[] = [];
    for (const status of statuses) {
      for (const memberRole of memberRoles) {
        const writer = uniqueUserId("writer");
        const chat = await createTestChat(db.db, { memberIds: [uniqueUserId("owner"), writer] });
        if (memberRole) {
          await db.sql`update chat_members set role = ${memberRole} where chat_id = ${chat.id} and user_id = ${writer}`;
        } else {
          await db.sql`update chat_members set removed_at = now() where chat_id = ${chat.id} and user_id = ${writer}`;
        }
        await db.sql`update chats set status = ${status} where id = ${chat.id}`;
        for (const writerRole of writerRoles) {
          const sent = await sendTestMessage(db.db, chat, { senderId: writer, writerRole }).then(
            () => null,
            (error: unknown) => {
              if (error instanceof AppendRefused) return error.decision.refusal;
              throw error;
            },
          );
          const changed = await findWriteDecision(db.db, { chatId: chat.id, userId: writer, writerRole });
          expect(changed.refusal).toBe(sent);
          decided.push(`${status}/${memberRole}/${writerRole}:${sent}`);
        }
      }
    }
    expect(decided.filter((line) => line.endsWith(":null"))).toEqual([
      ...memberRoles.filter(Boolean).flatMap((role) => writerRoles.map((w) => `open/${role}/${w}:null`)),
      ...["completed", "cancelled"].flatMap((status) => [
        `${status}/member/moderator:null`,
        `${status}/member/admin:null`,
        `${status}/owner/moderator:null`,
        `${status}/owner/admin:null`,
        ...writerRoles.map((w) => `${status}/moderator/${w}:null`),
      ]),
    ]);
    expect(new Set(decided.map((line) => line.split(":")[1]))).toEqual(
      new Set(["null", "not_member", "read_only"]),
    );
  });

  it("an unknown chat is chat_not_found", async () => {
    const decision = await findWriteDecision(db.db, {
      chatId: "00000000-0000-7000-8000-000000000000",
      userId: uniqueUserId("alice"),
      writerRole: "admin",
    });
    expect(decision).toEqual({ refusal: "chat_not_found", chatStatus: null, mutedUntil: null });
  });

  it("frozen, muted and blocked are decided alike by a send and a change, in that order, and only while in force", async () => {
    const mutes = { none: null, expired: "-1 hour", forHours: "+1 hour", untilLifted: "lifted" } as const;
    const decided: string[] = [];
    for (const type of ["private", "group"] as const) {
      for (const frozen of [false, true]) {
        for (const [mute, interval] of Object.entries(mutes)) {
          for (const blocked of [false, true]) {
            const [other, writer] = [uniqueUserId("other"), uniqueUserId("writer")];
            const chat = await createTestChat(db.db, { type, memberIds: [other, writer] });
            if (frozen) await db.sql`update chats set frozen_at = now() where id = ${chat.id}`;
            if (interval) {
              const until =
                interval === "lifted"
                  ? null
                  : new Date(Date.now() + (interval === "-1 hour" ? -1 : 1) * 3_600_000);
              await db.sql`insert into chat_mutes (chat_id, user_id, until) values (${chat.id}, ${writer}, ${until?.toISOString() ?? null})`;
            }
            if (blocked)
              await db.sql`insert into user_blocks (blocker_id, blocked_id) values (${other}, ${writer})`;
            for (const writerRole of ["user", "admin"] as const) {
              const sent = await sendTestMessage(db.db, chat, { senderId: writer, writerRole }).then(
                () => null,
                (error: unknown) => {
                  if (error instanceof AppendRefused) return error.decision;
                  throw error;
                },
              );
              const changed = await findWriteDecision(db.db, { chatId: chat.id, userId: writer, writerRole });
              expect(changed.refusal).toBe(sent?.refusal ?? null);
              if (sent?.refusal === "muted") {
                expect(sent.mutedUntil).toBe(changed.mutedUntil);
                expect(sent.mutedUntil === null).toBe(mute === "untilLifted");
              }
              decided.push(`${type}/${frozen}/${mute}/${blocked}/${writerRole}:${sent?.refusal ?? null}`);
            }
          }
        }
      }
    }
    const expected = (line: string) => {
      const [type, frozen, mute, blocked, role] = line.split("/");
      if (frozen === "true" && role !== "admin") return "frozen";
      if (mute === "forHours" || mute === "untilLifted") return "muted";
      if (type === "private" && blocked === "true") return "blocked";
      return "null";
    };
    for (const line of decided)
      expect(line).toBe(`${line.split(":")[0]}:${expected(line.split(":")[0] ?? "")}`);
  });
});
