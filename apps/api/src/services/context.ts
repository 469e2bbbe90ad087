import type { Database } from "@chat/db";
import type { Principal } from "@chat/shared/auth";
import type { ServerFrame } from "@chat/shared/contracts";
import type { Logger } from "@chat/shared/logger";
import type { ApiConfig } from "../config";
import type { ApiMetrics } from "../metrics";
import type { ChatTypeOf } from "./safety/chat-types";
import type { RuleBook } from "./safety/rule-book";

/** Publishes realtime frames after a commit; it never throws (see services/publish.ts). */
export type PublishFrames = (chatId: string, frames: ServerFrame[], requestId: string) => Promise<void>;

/** Everything a service verb needs about the request it serves. */
export interface ServiceContext {
  db: Database;
  config: ApiConfig;
  principal: Principal;
  requestId: string;
  logger: Logger;
  metrics: ApiMetrics;
  publish: PublishFrames;
  /** The safety policy's state on this node: the moderation rules and the chat types it has seen. */
  safety: { rules: RuleBook; chatTypeOf: ChatTypeOf };
}
