import type { Client } from "@libsql/client";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "../../schema/index.js";

export type Schema = typeof schema;

/**
 * The database as the commands see it, whatever is underneath: an embedded libSQL file or a libSQL server
 * (drizzle-orm/libsql), or Cloudflare D1 (drizzle-orm/d1). Both are async SQLite with an atomic `batch`, which is
 * the only way this registry writes (storage/commit.ts).
 */
export type Db = BaseSQLiteDatabase<"async", unknown, Schema> & {
  batch<U extends BatchItem<"sqlite">, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};
export { schema };

export function createDb(client: Client): Db {
  return drizzle(client, { schema, casing: "snake_case" }) as LibSQLDatabase<Schema> as unknown as Db;
}

export async function migrateDb(db: Db, migrationsFolder: string): Promise<void> {
  await migrate(db as unknown as LibSQLDatabase<Schema>, { migrationsFolder });
}
