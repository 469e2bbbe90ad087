import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "@chat/deploy-checks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
