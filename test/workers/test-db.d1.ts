import { applyD1Migrations, env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { schema, type Db } from "../../src/storage/db.js";
import type { TestDb } from "../support/test-db-types.js";

/**
 * test/support/test-db.ts for the Workers run: each world takes the next of the D1 databases bound in
 * test/workers/vitest.config.ts (storage is isolated per test file), migrated with the same SQL files that
 * `wrangler d1 migrations apply` uses. `client.execute` mirrors the slice of @libsql/client the tests use.
 */
interface TestEnv {
  TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1];
  TEST_DATABASES: string[];
  [binding: string]: unknown;
}

let next = 0;

export async function createTestDb(): Promise<TestDb> {
  const testEnv = env as unknown as TestEnv;
  const name = testEnv.TEST_DATABASES[next++];
  if (!name) throw new Error("A test file creates more worlds than test/workers/vitest.config.ts binds D1 databases");
  const d1 = testEnv[name] as D1Database;
  await applyD1Migrations(d1, testEnv.TEST_MIGRATIONS);
  const db = drizzle(d1, { schema, casing: "snake_case" }) as unknown as Db;
  const client = {
    async execute(statement: string | { sql: string; args?: unknown[] }) {
      const { sql, args = [] } = typeof statement === "string" ? { sql: statement, args: [] } : statement;
      const result = await d1.prepare(sql).bind(...args).all();
      return { rows: result.results as Record<string, unknown>[], rowsAffected: result.meta.changes };
    },
    close() {},
  };
  return {
    db,
    client: client as unknown as TestDb["client"],
    url: `d1:${name}`,
    connect() {
      throw new Error("Separate connections to one database file are a Node-only test");
    },
    close() {},
  };
}
