import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    // test/workers/ runs the HTTP suite again inside workerd (test/workers/vitest.config.ts).
    exclude: ["test/workers/**", "**/node_modules/**"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Legal dates are China Standard Time whatever the host says: run the suite in a zone far from it.
    env: { TZ: "America/Los_Angeles" },
  },
});
