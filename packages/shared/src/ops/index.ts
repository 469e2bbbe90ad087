export * from "./readiness";
export * from "./server";
