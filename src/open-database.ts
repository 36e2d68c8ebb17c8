/**
 * Opening a database on Node, the same way for the server and the command-line tools (import, export): create the
 * folder of a file database, set the production pragmas, bring the schema up to date, seal a legacy journal.
 */
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@libsql/client";
import { createNativeClient, isFileUrl } from "./storage/native-client.js";
import { sealJournal } from "./storage/seal.js";
import { createDb, migrateDb, type Db } from "./storage/db.js";

/**
 * Set on every connection to a file: WAL lets readers run beside the writer; `synchronous` is per connection.
 * (The busy timeout — wait for another process's write instead of failing — is the client's `timeout`.)
 */
export const CONNECTION_PRAGMAS = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] as const;

/**
 * Added on the server's connections, which answer many small random reads: the database file memory-mapped (reads
 * from the OS page cache without a system call and a copy per page; up to 2 GiB, this build's maximum — a larger
 * county's tail is read as usual) and a 64 MiB page cache instead of SQLite's 2 MiB. Measured on a 30,000-household
 * county: lookups +35–45 % (README "Performance"). Not for the command-line import: the pages it maps would count
 * in its resident memory, which is held under 1 GB.
 */
export const SERVING_PRAGMAS = [...CONNECTION_PRAGMAS, "PRAGMA mmap_size = 2147418112", "PRAGMA cache_size = -65536"] as const;

/**
 * Durability: WAL, and `synchronous = FULL` (SQLite's default, kept on purpose): a registration answered 201 is on
 * disk even if the machine loses power the next moment. NORMAL would be faster on commit but may lose the last
 * transactions on power loss in WAL mode — not acceptable for a register of rights.
 */
export async function openDatabase(
  url: string,
  authToken: string | undefined,
  log: (line: string) => void = console.log,
  opts: { serving?: boolean } = {},
): Promise<{ client: Client; db: Db }> {
  if (url.startsWith("file:")) await mkdir(dirname(resolve(url.slice("file:".length))), { recursive: true });
  // A local file through the native driver with prepared statements kept (storage/native-client.ts); a server
  // (libsql://, https://) through @libsql/client.
  const client = isFileUrl(url) ? createNativeClient(url, { timeout: 5000, pragmas: opts.serving ? SERVING_PRAGMAS : CONNECTION_PRAGMAS }) : createClient({ url, authToken, timeout: 5000 });
  const db = createDb(client);
  await migrateDb(db, findUp("schema/migrations"));
  const sealed = await sealJournal(db);
  if (sealed > 0) log(`Sealed ${sealed} journal rows written before the hash chain (${url.replace(/\/\/[^@]*@/, "//")}).`);
  return { client, db };
}

/** A folder found from this file whether it runs from src/ (tsx) or dist/src/ (compiled). */
export function findUp(relative: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${relative} not found above ${import.meta.url}`);
}
