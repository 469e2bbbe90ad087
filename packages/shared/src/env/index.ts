export * from "./fragments";
export * from "./parse";
