export * from "./chats";
export * from "./disputes";
export * from "./mappers";
export * from "./members";
export * from "./messages";
export * from "./outbox";
export * from "./users";
