export * from "./amqp";
export * from "./backoff";
export * from "./memory";
export * from "./port";
