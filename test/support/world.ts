import { createApp, type App, type AppDeps } from "../../src/app.js";
import { bootstrapAdmin } from "../../src/bootstrap.js";
import { fixedClock, type Clock } from "../../src/lib/clock.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { Router } from "../../src/storage/router.js";
import { createTestDb, type TestDb } from "./test-db.js";
import { TEST_PUBLIC_BASE_URL, testKeyring } from "./keys.js";

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
  request(method: string, path: string, opts?: RequestOptions): Promise<Res>;
  /** The same request to another app over this world's databases (e.g. one whose router has a county down). */
  requestOn(app: App, method: string, path: string, opts?: RequestOptions): Promise<Res>;
  /** With `counties`: each county prefix's own database; the directory is `tdb`. */
  counties: Record<string, TestDb>;
  router: Router;
  idKey: string;
  close(): void;
}

type RequestOptions = { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> };

export interface Res {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function createWorld(clock: Clock = fixedClock(NOW_MS), opts: { counties?: string[]; asset?: AppDeps["asset"] } = {}): Promise<World> {
  const tdb = await createTestDb();
  const counties: Record<string, TestDb> = {};
  for (const prefix of opts.counties ?? []) counties[prefix] = await createTestDb();
  const router = new Router(
    tdb.db,
    Object.entries(counties).map(([prefix, county]) => ({ prefix, name: prefix, db: county.db })),
  );
  const adminToken = "test-admin-token-0123456789";
  const idKey = "test-id-key-0123456789abcdef";
  await bootstrapAdmin(tdb.db, clock.nowMs(), adminToken, async () => {});
  const app = createApp({ db: tdb.db, router, idKey, clock, ids: createIdFactory(() => clock.nowMs()), keyring: await testKeyring(), publicBaseUrl: TEST_PUBLIC_BASE_URL, asset: opts.asset });
  const world: World = {
    app,
    tdb,
    adminToken,
    clock,
    counties,
    router,
    idKey,
    request(method, path, opts = {}) {
      return world.requestOn(app, method, path, opts);
    },
    async requestOn(app, method, path, opts = {}) {
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
    close: () => {
      for (const county of Object.values(counties)) county.close();
      tdb.close();
    },
  };
  return world;
}
