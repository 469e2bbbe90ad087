export * from "./visibility";
export * from "./write-rules";
