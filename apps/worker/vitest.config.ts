import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "@chat/worker",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One test restarts the shared RabbitMQ; files must not run beside it.
    fileParallelism: false,
  },
});
