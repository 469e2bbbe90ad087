import { type Bus, encodeChatMessage } from "@chat/shared/bus";
import { channels, type ServerFrame } from "@chat/shared/contracts";
import type { Logger } from "@chat/shared/logger";
import { withTimeout } from "@chat/shared/timeout";
import type { ApiMetrics } from "../metrics";
import type { PublishFrames } from "./context";

/**
 * Fan-out after commit. The write is already durable, so a failed or slow publish is logged and
 * counted, never thrown: realtime clients recover the frame by seq.
 */
export function createFramePublisher(options: {
  bus: Bus;
  logger: Logger;
  metrics: ApiMetrics;
  timeoutMs: number;
}): PublishFrames {
  const publishOne = async (chatId: string, frame: ServerFrame, requestId: string) => {
    const published = options.bus.publish(channels.chat(chatId), encodeChatMessage({ frame, requestId }));
    try {
      await withTimeout(published, options.timeoutMs, "bus publish");
    } catch (error) {
      options.metrics.busPublishFailures.inc();
      options.logger.warn({ err: error, chatId, frame: frame.type, requestId }, "bus publish failed");
    }
  };
  return async (chatId, frames, requestId) => {
    for (const frame of frames) await publishOne(chatId, frame, requestId);
  };
}
