import { restMethods } from "./rest";
import { createTransport, type TransportOptions } from "./transport";

export { ChatApiError } from "./errors";
export type { RestMethods } from "./rest";
export type { TokenProvider, TransportOptions as ChatClientOptions } from "./transport";

/** A chat-svc client for browsers and Node: every REST route, typed from the shared contracts. */
export function createChatClient(options: TransportOptions) {
  return restMethods(createTransport(options));
}
