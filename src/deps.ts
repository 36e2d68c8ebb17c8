import type { Clock } from "./lib/clock.js";
import type { IdFactory } from "./lib/ids.js";
import type { Db } from "./storage/db.js";

/** Everything a request needs, built once by the entry point (server.ts, tests) and passed in. */
export interface Deps {
  db: Db;
  clock: Clock;
  ids: IdFactory;
  /** Static files of the offline API reference (/docs), keyed by file name; absent where not served. */
  docsAsset?: (name: string) => Promise<{ body: string; contentType: string } | null>;
}
