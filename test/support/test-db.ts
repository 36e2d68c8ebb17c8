import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { createNativeClient } from "../../src/storage/native-client.js";
import { createDb, migrateDb } from "../../src/storage/db.js";
import type { TestDb } from "./test-db-types.js";

export type { TestDb };

const MIGRATIONS = new URL("../../schema/migrations", import.meta.url).pathname;


/** A fresh, migrated, file-backed libSQL database (never :memory:, see stack-notes #15), opened as the server opens one. */
export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), "registry-test-"));
  const url = `file:${join(dir, "registry.db")}`;
  const client = createNativeClient(url, { timeout: 5000 });
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute("PRAGMA busy_timeout = 5000");
  const db = createDb(client);
  await migrateDb(db, MIGRATIONS);
  const extra: Client[] = [];
  return {
    db,
    client,
    url,
    connect() {
      const c = createNativeClient(url, { timeout: 5000 });
      extra.push(c);
      return c;
    },
    close() {
      for (const c of extra) c.close();
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
