import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createKeyring, generateSigningJwk } from "../src/lib/signing.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { createApp, type App } from "../src/app.js";
import { bootstrapAdmin } from "../src/bootstrap.js";
import { fixedClock, type Clock } from "../src/lib/clock.js";
import { createIdFactory } from "../src/lib/ids.js";
import { classifyConstraintFailure } from "../src/storage/commit.js";
import { createDb, migrateDb } from "../src/storage/db.js";

const MIGRATIONS = new URL("../schema/migrations", import.meta.url).pathname;

/** "Today" is fixed, as in test/support/world.ts: 2026-11-27 12:00 China Standard Time. */
export const TODAY = "2026-11-27";
export const NOW_MS = Date.parse("2026-11-27T04:00:00Z");
export const ADMIN_TOKEN = "bench-admin-token-0123456789";

/** What the app asked of the database, counted at the client (nothing in src/ is touched). */
export interface DbCounts {
  execute: number;
  /** Reads of a stream head: one per commit attempt (plus one per refusal re-check). */
  headReads: number;
  batch: number;
  batchFailed: number;
  /** Batches refused because another command took the stream head first: optimistic retries. */
  headMoved: number;
}

export interface BenchWorld {
  app: App;
  client: Client;
  dir: string;
  file: string;
  counts: DbCounts;
  request(method: string, path: string, opts?: { body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; text: string; body: any }>;
  fileBytes(): { db: number; wal: number };
  close(): void;
}

/** Wraps the client so that the app's statements are counted; everything else passes through. */
export function counting(client: Client, counts: DbCounts): Client {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "execute") {
        return (stmt: any, ...rest: any[]) => {
          counts.execute++;
          const sql = typeof stmt === "string" ? stmt : stmt?.sql;
          if (typeof sql === "string" && /select "stream_seq", "hash" from "journal"/i.test(sql)) counts.headReads++;
          return (target.execute as any)(stmt, ...rest);
        };
      }
      if (prop === "batch") {
        return async (...args: any[]) => {
          counts.batch++;
          try {
            return await (target.batch as any)(...args);
          } catch (error) {
            counts.batchFailed++;
            if (classifyConstraintFailure(error) === "stream_head_moved") counts.headMoved++;
            throw error;
          }
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A fresh file-backed database in a temp folder, migrated, with an admin token, and the app over it. */
export const zeroCounts = (): DbCounts => ({ execute: 0, headReads: 0, batch: 0, batchFailed: 0, headMoved: 0 });

export function countsDelta(before: DbCounts, after: DbCounts): DbCounts {
  return {
    execute: after.execute - before.execute,
    headReads: after.headReads - before.headReads,
    batch: after.batch - before.batch,
    batchFailed: after.batchFailed - before.batchFailed,
    headMoved: after.headMoved - before.headMoved,
  };
}

/** Another registry instance on an existing database file, with its own client, as another process would have. */
export async function connectApp(file: string, clock: Clock = fixedClock(NOW_MS)) {
  const client = createClient({ url: `file:${file}`, timeout: 5000 });
  await client.execute("PRAGMA busy_timeout = 5000");
  const counts = zeroCounts();
  const app = createApp({ db: createDb(counting(client, counts)), clock, ids: createIdFactory(() => clock.nowMs()), keyring: await createKeyring(await generateSigningJwk()) });
  return { app, client, counts };
}

export async function createBenchWorld(clock: Clock = fixedClock(NOW_MS)): Promise<BenchWorld> {
  const dir = mkdtempSync(join(tmpdir(), "registry-bench-"));
  const file = join(dir, "registry.db");
  const url = `file:${file}`;
  const client = createClient({ url, timeout: 5000 });
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute("PRAGMA busy_timeout = 5000");
  await migrateDb(createDb(client), MIGRATIONS);
  const counts = zeroCounts();
  const db = createDb(counting(client, counts));
  await bootstrapAdmin(db, clock.nowMs(), ADMIN_TOKEN, async () => {});
  const app = createApp({ db, clock, ids: createIdFactory(() => clock.nowMs()), keyring: await createKeyring(await generateSigningJwk()) });
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return {
    app,
    client,
    dir,
    file,
    counts,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(opts.headers ?? {}) };
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers["Content-Type"] = "application/json";
      }
      const res = await app.request(path, { method, headers, body });
      const text = await res.text();
      let parsed: any = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, text, body: parsed };
    },
    fileBytes: () => ({ db: size(file), wal: size(`${file}-wal`) }),
    close() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
