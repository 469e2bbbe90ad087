export * from "./amqp";
export * from "./backoff";
export * from "./delivery";
export * from "./memory";
export * from "./port";
