import type { Executor } from "@chat/db";
import { findWriteDecision, type WriteDecision, type WriteRefusal } from "@chat/db/queries";
import type { Principal } from "@chat/shared/auth";
import { AppError, fieldError, notFound } from "@chat/shared/errors";
import { seesEveryChat } from "./visibility";

/** What the explanation of a refusal may draw on besides the decision itself. */
interface RefusalFacts {
  decision: WriteDecision;
  principal: Principal;
  /** What the caller tried, in words: "send messages", "edit messages". */
  action: string;
}

/*
 * The one mapping from a refusal the SQL decided to the error a caller is owed. A record over the closed
 * set, so a new reason in WRITE_REFUSALS does not compile until it is explained here.
 */
const explanations: Record<WriteRefusal, (facts: RefusalFacts) => AppError> = {
  chat_not_found: () => notFound("chat"),
  not_member: ({ principal, action }) =>
    seesEveryChat(principal)
      ? new AppError("FORBIDDEN", `only members of the chat may ${action}`)
      : notFound("chat"),
  read_only: ({ decision }) => new AppError("READ_ONLY", `this chat is ${decision.chatStatus} and read-only`),
  frozen: () => new AppError("FROZEN", "this chat is frozen: only its moderator and admins may write"),
  muted: ({ decision }) =>
    new AppError(
      "MUTED",
      `you are muted in this chat ${decision.mutedUntil ? `until ${decision.mutedUntil}` : "until a moderator lifts it"}`,
      {
        extensions: { mutedUntil: decision.mutedUntil },
      },
    ),
  blocked: () => new AppError("BLOCKED", "the other member of this private chat has blocked you"),
  reply_not_found: () => fieldError("replyToId", "must name a message of this chat"),
};

/** The error for a write the SQL refused. */
export function writeRefusalError(
  decision: WriteDecision & { refusal: WriteRefusal },
  principal: Principal,
  action: string,
): AppError {
  return explanations[decision.refusal]({ decision, principal, action });
}

/** Throws unless the principal may change messages of the chat now, decided as a send decides it. */
export async function requireWritable(
  db: Executor,
  input: { chatId: string; principal: Principal; action: string },
): Promise<void> {
  const decision = await findWriteDecision(db, {
    chatId: input.chatId,
    userId: input.principal.userId,
    writerRole: input.principal.role,
  });
  if (decision.refusal) {
    throw writeRefusalError({ ...decision, refusal: decision.refusal }, input.principal, input.action);
  }
}
