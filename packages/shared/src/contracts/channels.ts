import { z } from "zod";
import { UserId } from "./common";
import { ServerFrame } from "./frames";

/** Bus channel names come from here and nowhere else. */
export const channels = {
  chat: (chatId: string) => `chat:${chatId}`,
  control: "control",
} as const;

/** What travels on a chat channel: the frame to relay, plus the request id that caused it. */
export const ChatBusMessage = z.object({ frame: ServerFrame, requestId: z.string().optional() });
export type ChatBusMessage = z.infer<typeof ChatBusMessage>;

/** What travels on the control channel: node-wide instructions that are not chat frames. */
export const ControlMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user_banned"), userId: UserId }),
]);
export type ControlMessage = z.infer<typeof ControlMessage>;
