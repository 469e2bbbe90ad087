import { enqueueEvents, findUsers, listMemberProfiles, type MemberProfile } from "@chat/db/queries";
import { ChatMessageCreated, type Message } from "@chat/shared/contracts";
import type { Presence } from "@chat/shared/presence";
import type { z } from "zod";
import type { EventConsumer } from "../consume";

export const PREVIEW_MAX_CHARS = 140;

/**
 * chat.message.created (our own, from the chat exchange): every member but the sender who has no open
 * socket anywhere gets notification.requested through the outbox. Members online get none: they see
 * the message live. Banned and deleted users get none. The requests go out in one multi-row insert: a
 * large group's fan-out is one statement, not a round trip per member.
 */
export function notificationsConsumer(deps: {
  presence: Presence;
}): EventConsumer<z.infer<typeof ChatMessageCreated>> {
  return {
    name: "notifications",
    types: ["chat.message.created"],
    schema: ChatMessageCreated,
    async handle(tx, event) {
      const { chatId, message } = event.data;
      const members = await listMemberProfiles(tx, chatId);
      const recipients = members
        .filter((member) => member.userId !== message.senderId && !member.blocked)
        .map((member) => member.userId);
      if (recipients.length === 0) return;
      const online = await deps.presence.online(recipients);
      const senderName = message.senderId ? await nameOf(tx, members, message.senderId) : null;
      const data = {
        chatId,
        messageId: message.id,
        seq: message.seq,
        senderId: message.senderId,
        senderName,
        preview: previewOf(message),
      };
      const offline = recipients.filter((userId) => !online.has(userId));
      await enqueueEvents(
        tx,
        "notification.requested",
        offline.map((userId) => ({ data: { userId, ...data }, subject: userId })),
      );
    },
  };
}

async function nameOf(
  tx: Parameters<typeof findUsers>[0],
  members: MemberProfile[],
  userId: string,
): Promise<string | null> {
  const member = members.find((candidate) => candidate.userId === userId);
  if (member) return member.name;
  const [user] = await findUsers(tx, [userId]);
  return user?.name ?? null;
}

export function previewOf(message: Message): string {
  const text = message.content.replace(/\s+/g, " ").trim();
  if (!text && message.attachments.length > 0) return `Sent ${message.attachments.length} attachment(s)`;
  const chars = [...text];
  if (chars.length <= PREVIEW_MAX_CHARS) return text;
  return `${chars.slice(0, PREVIEW_MAX_CHARS - 1).join("")}…`;
}
