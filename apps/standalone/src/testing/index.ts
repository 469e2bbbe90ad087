export * from "./chat-client";
export * from "./child-process";
export * from "./free-port";
export * from "./standalone-env";
export * from "./standalone-process";
export * from "./wait-for";
