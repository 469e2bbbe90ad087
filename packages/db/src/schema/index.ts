export * from "./chat-members";
export * from "./chats";
export * from "./disputes";
export * from "./events";
export * from "./messages";
export * from "./moderation";
export * from "./safety";
export * from "./users";
