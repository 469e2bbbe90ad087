export * from "./channels";
export * from "./common";
export * from "./events";
export * from "./frames";
export * from "./moderation";
export * from "./rest";
