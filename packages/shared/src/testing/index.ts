export * from "./broker-cleanup";
export * from "./ports";
export * from "./private-rabbitmq";
export * from "./private-redis";
export * from "./redis-cluster";
export * from "./services";
