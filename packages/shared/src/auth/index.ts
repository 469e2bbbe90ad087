export * from "./mint";
export * from "./verify";
