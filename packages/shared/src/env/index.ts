export * from "./fragments";
export * from "./origins";
export * from "./parse";
