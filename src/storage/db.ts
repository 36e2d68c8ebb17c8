import type { Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import * as schema from "../../schema/index.js";

export type Schema = typeof schema;
export type Db = LibSQLDatabase<Schema>;
export { schema };

export function createDb(client: Client): Db {
  return drizzle(client, { schema, casing: "snake_case" });
}

export async function migrateDb(db: Db, migrationsFolder: string): Promise<void> {
  await migrate(db, { migrationsFolder });
}
