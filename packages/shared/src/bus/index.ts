export * from "./cluster";
export * from "./codec";
export * from "./memory";
export * from "./port";
export * from "./redis";
export * from "./select";
