export * from "./ports";
export * from "./private-rabbitmq";
export * from "./private-redis";
export * from "./services";
