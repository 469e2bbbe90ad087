export { freePort } from "@chat/shared/testing";
export * from "./broker-names";
export * from "./chat-client";
export * from "./child-process";
export * from "./standalone-env";
export * from "./standalone-process";
export * from "./wait-for";
