import type { z } from "zod";
import { ChatBusMessage, ControlMessage } from "../contracts/channels";

/**
 * The one place a bus payload is written or read. Decoding never throws: the bus carries what any
 * node or version published, so anything that is not JSON of the expected shape comes back as null.
 */
function decoderOf<T>(schema: z.ZodType<T>): (payload: string) => T | null {
  return (payload) => {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return null;
    }
    const parsed = schema.safeParse(json);
    return parsed.success ? parsed.data : null;
  };
}

/** A chat channel's payload: the frame to relay and the request id that caused it. */
export function encodeChatMessage(message: ChatBusMessage): string {
  return JSON.stringify(message);
}
export const decodeChatMessage = decoderOf(ChatBusMessage);

/** A control channel's payload: node-wide instructions such as user_banned. */
export function encodeControlMessage(message: ControlMessage): string {
  return JSON.stringify(message);
}
export const decodeControlMessage = decoderOf(ControlMessage);
