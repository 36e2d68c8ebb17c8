import type { Client } from "@libsql/client";
import type { Db } from "../../src/storage/db.js";

/** A test's database, on Node (a libSQL file) or in workerd (a D1 database): see test-db.ts and test/workers. */
export interface TestDb {
  db: Db;
  client: Client;
  url: string;
  /** Another client on the same file, as a second process or connection would have. */
  connect(): Client;
  close(): void;
}
