import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * The HTTP acceptance suite again, inside workerd (the Workers runtime) on local D1: the same test files, with
 * test/support/test-db.ts swapped for a D1 version. Files that need Node itself (reading package files, spawning
 * servers, separate connections to one file) run on Node only.
 */
const root = new URL("../..", import.meta.url).pathname;
const NODE_ONLY = ["test/http/service.test.ts"];
const DATABASES = ["DB", ...Array.from({ length: 23 }, (_, i) => `DB${i + 2}`)];

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: `${root}wrangler.toml` },
      miniflare: {
        d1Databases: DATABASES,
        bindings: { TEST_MIGRATIONS: await readD1Migrations(`${root}schema/migrations`), TEST_DATABASES: DATABASES },
      },
    }),
  ],
  resolve: {
    alias: [{ find: /^\.\/test-db\.js$/, replacement: `${root}test/workers/test-db.d1.ts` }],
  },
  test: {
    root,
    include: ["test/http/**/*.test.ts", "test/workers/**/*.test.ts"],
    exclude: NODE_ONLY,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
}));
