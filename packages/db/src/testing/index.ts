export * from "@chat/shared/testing";
export * from "./database";
export * from "./fixtures";
export * from "./own-postgres";
export * from "./urls";
