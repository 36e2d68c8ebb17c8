import { createApp, type App } from "../../src/app.js";
import { bootstrapAdmin } from "../../src/bootstrap.js";
import { fixedClock, type Clock } from "../../src/lib/clock.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { createTestDb, type TestDb } from "./test-db.js";

/**
 * A registry for one test file: a file-backed database, the app, and an admin token. Everything else is built
 * through the HTTP API, as a clerk would (no shared seeded state, no order dependence).
 *
 * "Today" is fixed at 2026-11-27 12:00 China Standard Time unless a test passes another clock.
 */
export const TODAY = "2026-11-27";
export const NOW_MS = Date.parse("2026-11-27T04:00:00Z");

export interface World {
  app: App;
  tdb: TestDb;
  adminToken: string;
  clock: Clock;
  request(method: string, path: string, opts?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<Res>;
  close(): void;
}

export interface Res {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function createWorld(clock: Clock = fixedClock(NOW_MS)): Promise<World> {
  const tdb = await createTestDb();
  const adminToken = "test-admin-token-0123456789";
  await bootstrapAdmin(tdb.db, clock.nowMs(), adminToken, async () => {});
  const app = createApp({ db: tdb.db, clock, ids: createIdFactory(() => clock.nowMs()) });
  const world: World = {
    app,
    tdb,
    adminToken,
    clock,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      const token = opts.token === undefined ? adminToken : opts.token;
      if (token) headers.Authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
      const res = await app.request(path, { method, headers, body });
      const text = await res.text();
      let parsed: any = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    close: () => tdb.close(),
  };
  return world;
}
