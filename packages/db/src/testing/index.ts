export * from "./database";
export * from "./fixtures";
export * from "./ports";
export * from "./services";
export * from "./urls";
