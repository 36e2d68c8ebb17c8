import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCounty, type BadRowEntry } from "../seeds/county/write.js";
import { createApp, type App } from "../src/app.js";
import { ImportJobs, type ImportJobView } from "../src/commands/imports/jobs.js";
import type { ImportSource } from "../src/commands/imports/types.js";
import { movableClock, type MovableClock } from "../src/lib/clock.js";
import { createIdFactory } from "../src/lib/ids.js";
import { createToken, expectProblem, registerCollective, registerPlot, VILLAGE } from "./support/fixtures.js";
import { TEST_PUBLIC_BASE_URL, testKeyring } from "./support/keys.js";
import { createWorld, type Res, type World } from "./support/world.js";

/**
 * POST /v1/imports and GET /v1/imports/{id} (issue 8): a zip of NY/T 2539 CSVs imported as a background job of the
 * Node process. Node only (the job runner streams files; on Workers the routes answer 501), so not under test/http/.
 * No sleeps: a job's end is awaited through `ImportJobs.settled`.
 */
const HOUSEHOLDS = 30;
let dir: string;
let good: string;
let bad: string;
let badRows: BadRowEntry[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "imports-http-"));
  good = join(dir, "good");
  bad = join(dir, "bad");
  await writeCounty(good, { households: HOUSEHOLDS, seed: 11 });
  badRows = (await writeCounty(bad, { households: HOUSEHOLDS, seed: 11, badRows: 5 })).badRows;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The folder's CSVs in a zip, under one top-level folder, with the litter archivers add. */
function zipOf(folder: string, extra: Zippable = {}): Uint8Array {
  const files: Zippable = {};
  for (const name of readdirSync(folder).filter((n) => n.endsWith(".csv"))) files[`乳山市确权数据/${name}`] = readFileSync(join(folder, name));
  return zipSync({ ...files, "__MACOSX/乳山市确权数据/._DK.csv": new Uint8Array([0, 5, 22, 7]), "乳山市确权数据/.DS_Store": new Uint8Array(8), ...extra });
}

/** A column of a generated CSV (the columns read here are codes: never quoted, no commas). */
function column(folder: string, file: string, field: string): string[] {
  const [header, ...rows] = readFileSync(join(folder, file), "utf8").split("\r\n").filter((l) => l !== "");
  const at = header!.split(",").indexOf(field);
  return rows.map((r) => r.split(",")[at]!);
}
const firstPlotCode = (folder: string) => column(folder, "DK.csv", "DKBM")[0]!;
const firstCreditCode = (folder: string) => column(folder, "collectives.csv", "creditCode")[0]!;

interface Setup {
  world: World;
  app: App;
  jobs: ImportJobs;
  clock: MovableClock;
  uploads: string;
  post(body: Uint8Array | string, opts?: { token?: string; contentType?: string; query?: string; headers?: Record<string, string> }): Promise<Res>;
  get(path: string, token?: string): Promise<Res>;
  /** POSTs the zip and waits for the job's end; returns the 202 and the ended job as GET answers it. */
  importZip(zip: Uint8Array, query?: string): Promise<{ accepted: Res; job: Res }>;
  close(): void;
}

async function setup(opts: { counties?: string[]; maxUploadBytes?: number } = {}): Promise<Setup> {
  const clock = movableClock("2026-11-27T04:00:00Z");
  const world = await createWorld(clock, opts);
  const ids = createIdFactory(() => clock.nowMs());
  const uploads = mkdtempSync(join(dir, "uploads-"));
  const jobs = new ImportJobs({
    target: (county) => {
      const county_ = county ? world.counties[county] : undefined;
      const tdb = county_ ?? world.tdb;
      return { db: tdb.db, client: tdb.client, routed: world.router.routed };
    },
    clock,
    ids,
    uploadDir: uploads,
    maxUploadBytes: opts.maxUploadBytes,
    log: () => {},
  });
  const app = createApp({ db: world.tdb.db, router: world.router, idKey: world.idKey, clock, ids, keyring: await testKeyring(), publicBaseUrl: TEST_PUBLIC_BASE_URL, imports: jobs });
  const s: Setup = {
    world,
    app,
    jobs,
    clock,
    uploads,
    async post(body, o = {}) {
      const res = await app.request(`/v1/imports${o.query ?? ""}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${o.token ?? world.adminToken}`, "Content-Type": o.contentType ?? "application/zip", ...o.headers },
        body,
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, text };
    },
    get: (path, token) => world.requestOn(app, "GET", path, { token }),
    async importZip(zip, query) {
      const accepted = await s.post(zip, { query });
      expect(accepted.status, accepted.text).toBe(202);
      await jobs.settled(accepted.body.importId);
      return { accepted, job: await s.get(accepted.headers.get("location")!) };
    },
    close: () => world.close(),
  };
  return s;
}

describe("POST /v1/imports", () => {
  it("answers 202 with the job, runs the import, and makes the county queryable", async () => {
    const s = await setup();
    try {
      const plot = firstPlotCode(good);
      expectProblem(await s.get(`/v1/plots/${plot}`), 404, "plot_not_found");
      // 300 KB that does not compress: the upload is larger than the API's 256 KiB body limit, which it is exempt from.
      const zip = zipOf(good, { "scans/photo.bin": [randomBytes(300 * 1024), { level: 0 }] });
      expect(zip.byteLength).toBeGreaterThan(256 * 1024);

      const { accepted, job } = await s.importZip(zip);
      expect(accepted.body).toEqual({ importId: expect.stringMatching(/^imp_/), status: "running", links: { self: `/v1/imports/${accepted.body.importId}` } });
      expect(accepted.headers.get("location")).toBe(accepted.body.links.self);

      expect(job.status, job.text).toBe(200);
      const view = job.body as ImportJobView;
      expect(view).toMatchObject({ jobId: accepted.body.importId, status: "completed", progress: { phase: "done" }, endedAtMs: expect.any(Number) });
      expect(view.progress!.rows).toBeGreaterThan(HOUSEHOLDS * 5);
      expect(view.progress!.bytesRead).toBe(view.progress!.totalBytes);
      expect(view.report).toMatchObject({ importId: view.jobId, status: "completed", errors: [], errorCount: 0, encodings: { "DK.csv": "UTF-8" } });
      expect(view.report!.created).toMatchObject({ collectives: 1, households: HOUSEHOLDS });
      expect(view.report!.created.plots).toBeGreaterThanOrEqual(HOUSEHOLDS * 3);
      expect(view.report!.rows.CBF).toBe(HOUSEHOLDS);

      const registered = await s.get(`/v1/plots/${plot}`);
      expect(registered.status, registered.text).toBe(200);
      expect(readdirSync(s.uploads)).toEqual([]); // the upload is deleted when the job ends

      // The same package again changes nothing.
      const again = await s.importZip(zipOf(good));
      expect(again.job.body).toMatchObject({ status: "unchanged", report: { status: "unchanged", created: { plots: 0, households: 0 } } });
      expect(again.job.body.report.unchangedRows).toBeGreaterThan(0);

      // 24 h after its end the job has left memory and is read back from the imports table.
      s.clock.set("2026-11-28T05:00:00Z");
      const later = await s.get(`/v1/imports/${view.jobId}`);
      expect(later.status, later.text).toBe(200);
      expect(later.body).toMatchObject({ jobId: view.jobId, status: "completed", progress: null, report: { created: view.report!.created } });
      expectProblem(await s.get("/v1/imports/imp_0000000000nosuchimport"), 404, "import_not_found");
    } finally {
      s.close();
    }
  });

  it("refuses a package with bad rows: every one listed, nothing written", async () => {
    const s = await setup();
    try {
      const { job } = await s.importZip(zipOf(bad));
      const view = job.body as ImportJobView;
      expect(view.status, job.text).toBe("refused");
      expect(view.report!.errorCount).toBeGreaterThanOrEqual(badRows.length);
      for (const row of badRows)
        expect(view.report!.errors, `${row.file}:${row.line} ${row.rule}`).toContainEqual(
          expect.objectContaining({ file: row.file, line: row.line, code: row.rule, message: expect.any(String) }),
        );
      const idNumbers = column(bad, "CBF_JTCY.csv", "CYZJHM").filter((n) => n.length >= 15);
      expect(idNumbers.length).toBeGreaterThan(HOUSEHOLDS);
      for (const e of view.report!.errors) for (const n of idNumbers) expect(e.message).not.toContain(n); // ID numbers never appear
      expect(view.report!.created).toEqual({ collectives: 0, persons: 0, memberships: 0, households: 0, plots: 0, contracts: 0 });
      expectProblem(await s.get(`/v1/plots/${firstPlotCode(bad)}`), 404, "plot_not_found");
      expect(readdirSync(s.uploads)).toEqual([]);
    } finally {
      s.close();
    }
  });

  it("takes only admin tokens, only zips, and says so on a deployment without imports", async () => {
    const s = await setup();
    try {
      const bureau = await createToken(s.world, { role: "bureau", regionPrefix: "371083" });
      expectProblem(await s.post(zipOf(good), { token: bureau }), 403, "forbidden");
      expectProblem(await s.get("/v1/imports/imp_0000000000nosuchimport", bureau), 403, "forbidden");
      expectProblem(await s.post("FBFBM,FBFMC\r\n", { contentType: "text/csv" }), 415, "unsupported_media_type");
      expectProblem(await s.post("this is not a zip", { contentType: "application/zip" }), 422, "import_file_unreadable");
      const climbing = zipSync({ "../FBF.csv": readFileSync(join(good, "FBF.csv")) });
      const refused = await s.post(climbing);
      expectProblem(refused, 422, "import_file_unreadable");
      expect(refused.body.detail).toMatch(/\.\./);
      expect(readdirSync(s.uploads)).toEqual([]); // refused uploads are not kept

      const workerLike = createApp({ db: s.world.tdb.db, clock: s.clock, ids: createIdFactory(), keyring: await testKeyring() });
      const res = await workerLike.request("/v1/imports", { method: "POST", headers: { Authorization: `Bearer ${s.world.adminToken}`, "Content-Type": "application/zip" }, body: zipOf(good) });
      expect(res.status).toBe(501);
      expect(await res.json()).toMatchObject({ code: "imports_not_supported_here", status: 501 });
    } finally {
      s.close();
    }
  });

  it("refuses an upload past the size limit, whether or not it declares its length, and keeps nothing of it", async () => {
    const s = await setup({ maxUploadBytes: 4096 });
    try {
      const zip = zipOf(good);
      expect(zip.byteLength).toBeGreaterThan(4096);
      expectProblem(await s.post(zip), 413, "payload_too_large"); // streamed: stopped past 4096 bytes
      expectProblem(await s.post(zip, { headers: { "Content-Length": String(zip.byteLength) } }), 413, "payload_too_large"); // at once
      expect(readdirSync(s.uploads)).toEqual([]);
      expect(s.jobs.busy()).toBe(false);
    } finally {
      s.close();
    }
  });

  it("runs one import at a time: a POST while a job runs answers 409 at once, and GET shows its progress", async () => {
    const s = await setup();
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      // A package that does not list its files until the test lets it: the job stays running meanwhile.
      const held: ImportSource & { close(): void } = {
        list: async () => (await gate, []),
        size: async () => 0,
        open: () => (async function* () {})(),
        close: () => {},
      };
      const upload = join(s.uploads, "held.zip");
      const { jobId } = s.jobs.start({ db: s.world.tdb.db, client: s.world.tdb.client, clock: s.clock, ids: createIdFactory() }, upload, "tok_test", { source: held });
      expect(s.jobs.busy()).toBe(true);
      expectProblem(await s.post(zipOf(good)), 409, "import_in_progress");
      const running = await s.get(`/v1/imports/${jobId}`);
      expect(running.body).toMatchObject({ jobId, status: "running", progress: { phase: "reading", rows: 0 }, endedAtMs: null });
      expect(running.body.report).toBeUndefined();
      release();
      const ended = await s.jobs.settled(jobId);
      expect(ended).toMatchObject({ status: "refused", report: { errors: expect.arrayContaining([expect.objectContaining({ code: "import_file_missing", file: "DK.csv" })]) } });
      expect(s.jobs.busy()).toBe(false);
    } finally {
      s.close();
    }
  });

  it("while an import holds a collective, other writes to it answer 409 import_in_progress, and so does a second import", async () => {
    const s = await setup();
    try {
      await registerCollective(s.world, VILLAGE);
      const now = s.clock.nowMs();
      const client = s.world.tdb.client;
      await client.execute({ sql: "INSERT INTO imports (id, status, actor, started_at_ms, heartbeat_at_ms) VALUES ('imp_heldbyother', 'running', 'cli:import', ?, ?)", args: [now, Date.now()] });
      await client.execute({ sql: "INSERT INTO import_locks (collective_code, import_id, acquired_at_ms) VALUES (?, 'imp_heldbyother', ?), (?, 'imp_heldbyother', ?)", args: [VILLAGE.code, now, firstCreditCode(good), now] });

      const plot = { plotCode: `${VILLAGE.issuerCode}00001`, areaMu: "1.50", landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } };
      expectProblem(await s.world.request("POST", `/v1/collectives/${VILLAGE.code}/plots`, { body: plot }), 409, "import_in_progress");
      expect((await s.get(`/v1/collectives/${VILLAGE.code}`)).status).toBe(200); // reads are unaffected

      // An import of a package touching a locked collective ends failed, with the reason, having written nothing.
      const { job } = await s.importZip(zipOf(good));
      expect(job.body).toMatchObject({ status: "failed", error: { code: "import_in_progress", detail: expect.stringContaining("imp_heldbyother") } });
      expect(job.body.report).toBeUndefined();
      expectProblem(await s.get(`/v1/plots/${firstPlotCode(good)}`), 404, "plot_not_found");
      expect(readdirSync(s.uploads)).toEqual([]);

      // A run that stopped beating 10 minutes ago (its process died) holds nothing any more.
      await client.execute({ sql: "UPDATE imports SET heartbeat_at_ms = ? WHERE id = 'imp_heldbyother'", args: [Date.now() - 11 * 60_000] });
      await registerPlot(s.world, VILLAGE, 1);
      await client.execute("DELETE FROM import_locks WHERE import_id = 'imp_heldbyother'");
    } finally {
      s.close();
    }
  });

  it("with one database per county, needs the county and imports into its database", async () => {
    const s = await setup({ counties: ["371083"] });
    try {
      const missing = await s.post(zipOf(good));
      expectProblem(missing, 400, "validation_failed");
      expect(missing.body.errors).toEqual([{ pointer: "#/county", detail: expect.any(String) }]);

      const { accepted, job } = await s.importZip(zipOf(good), "?county=371083");
      expect(accepted.headers.get("location")).toBe(`/v1/imports/${accepted.body.importId}?county=371083`);
      expect(job.body, job.text).toMatchObject({ status: "completed" });
      const count = async (c: typeof s.world.tdb.client) => Number((await c.execute("SELECT count(*) AS n FROM plots")).rows[0]!.n);
      expect(await count(s.world.counties["371083"]!.client)).toBe(job.body.report.created.plots);
      expect(await count(s.world.tdb.client)).toBe(0);
      expect((await s.get(`/v1/plots/${firstPlotCode(good)}`)).status).toBe(200);
    } finally {
      s.close();
    }
  });
});
