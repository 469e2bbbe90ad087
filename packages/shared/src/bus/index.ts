export * from "./memory";
export * from "./port";
