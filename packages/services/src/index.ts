export * from "./deals/ensure-deal-chat";
export * from "./disputes/open-dispute";
export * from "./disputes/resolve-dispute";
export * from "./moderator-rules";
export * from "./system-messages";
export * from "./visibility";
export * from "./write-rules";
