/**
 * The county import (issue 8): a package of NY/T 2539-2016 CSVs → the whole county registered, or a report of every
 * bad row with nothing written.
 *
 *  1. read: each file streamed (encoding detected, CSV parsed), each row checked on its own and staged in
 *     chunked batches (stage.ts) — never the whole file in memory, never one giant transaction;
 *  2. check the package's cross-references with SQL over the staging tables (validate.ts);
 *  3. lock the collectives it touches (import_locks: a journal trigger refuses every other write to them, 409
 *     import_in_progress), then check against the registry and mark rows imported before as `same`;
 *  4. promote: one batch of INSERT … SELECT (promote.ts) with one journal row per collective, or nothing;
 *  5. release the locks and empty the staging tables, whatever happened.
 * The same package again finds every row `same` and changes nothing (status `unchanged`).
 */
import { createHash } from "node:crypto";
import type { Client } from "@libsql/client";
import { DomainError } from "../../domain/errors.js";
import { GENESIS_HASH } from "../../storage/chain.js";
import { createSequentialIdFactory } from "../../lib/ids.js";
import { parseFile } from "./parse-file.js";
import { parseInWorker } from "./parse-in-worker.js";
import { promoteStatements, type Stream } from "./promote.js";
import { STAGE_TABLE, StageWriter } from "./stage.js";
import { checkAgainstRegistry, checkPackage, markSameStatements, type RejectedKeys } from "./validate.js";
import { IMPORT_TABLES, type ImportDeps, type ImportIssue, type ImportOptions, type ImportProgress, type ImportReport, type ImportSource, type ImportTable } from "./types.js";

const MAX_LISTED_ERRORS = 1000;
/**
 * A lock whose run has not beaten for this long belongs to a run that died: it no longer holds (the journal
 * trigger of migration 0019 compares with the database's wall clock), and the next import takes it over. The
 * heartbeat is the machine's wall clock (liveness, not a legal time), whatever clock the run is given.
 */
export const STALE_LOCK_MS = 10 * 60 * 1000;
const HEARTBEAT_MS = 5_000;
/** Files from this size on are parsed in a worker thread. */
const WORKER_FROM_BYTES = 4 * 1024 * 1024;
/** Page cache of the import's connection while it runs (KiB). */
const IMPORT_CACHE_KIB = 256 * 1024;

export async function importCounty(deps: ImportDeps, source: ImportSource, options: ImportOptions): Promise<ImportReport> {
  const { client, clock } = deps;
  const importId = options.importId ?? deps.ids("imp");
  // A million ids without a million random draws: the same shape, a counter behind one random draw.
  const ids = createSequentialIdFactory(() => clock.nowMs());
  const startedAtMs = clock.nowMs();
  const wallStart = performance.now();
  const errors: ImportIssue[] = [];
  let errorCount = 0;
  const report = (issue: ImportIssue) => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push(issue);
  };
  const rows: Partial<Record<ImportTable, number>> = {};
  const encodings: Record<string, string> = {};
  const created = { collectives: 0, persons: 0, memberships: 0, households: 0, plots: 0, contracts: 0 };
  const finish = (status: ImportReport["status"], unchangedRows = 0): ImportReport => ({
    importId,
    status,
    rows,
    created,
    unchangedRows,
    encodings,
    errors,
    errorCount,
    startedAtMs,
    durationMs: Math.round(performance.now() - wallStart),
  });

  // Which file is which table (names are matched case-insensitively; collectives.csv is optional).
  const present = await source.list();
  const files: Record<string, string> = {};
  for (const table of IMPORT_TABLES) {
    const name = present.find((n) => n.toLowerCase() === `${table.toLowerCase()}.csv`);
    if (name) files[table] = name;
    else if (table !== "collectives") report({ file: `${table}.csv`, line: 0, field: "", code: "import_file_missing", message: `The package has no ${table}.csv (NY/T 2539 table ${table}).` });
  }
  if (errorCount > 0) return finish("refused");
  const totalBytes = (await Promise.all(Object.values(files).map((n) => source.size(n)))).reduce((a, b) => a + b, 0);

  await client.execute({
    sql: "INSERT INTO imports (id, status, source_digest, actor, started_at_ms, heartbeat_at_ms) VALUES (?, 'running', NULL, ?, ?, ?)",
    args: [importId, options.actor, startedAtMs, Date.now()],
  });
  let lastBeat = Date.now();
  const beat = async () => {
    if (Date.now() - lastBeat < HEARTBEAT_MS) return;
    lastBeat = Date.now();
    await client.execute({ sql: "UPDATE imports SET heartbeat_at_ms = ? WHERE id = ?", args: [Date.now(), importId] });
  };

  let locked = false;
  // A county's staging and live indexes do not fit SQLite's default 2 MB page cache: every insert of a random key
  // would read its pages back from the OS. 256 MiB for the run, then the connection's own setting again.
  const cacheSize = Number((await client.execute("PRAGMA cache_size")).rows[0]?.[0] ?? -2000);
  await client.execute(`PRAGMA cache_size = ${IMPORT_CACHE_KIB > 0 ? -IMPORT_CACHE_KIB : cacheSize}`);
  // Checkpoint the WAL every ~256 MiB instead of every 4 MiB: staging writes gigabytes, and each checkpoint copies
  // pages back into the database file. Still bounded, still durable (synchronous stays FULL).
  const autocheckpoint = Number((await client.execute("PRAGMA wal_autocheckpoint")).rows[0]?.[0] ?? 1000);
  await client.execute("PRAGMA wal_autocheckpoint = 65536");
  try {
    // ---- 1. read and stage --------------------------------------------------------------------------------------
    // Alone, a run loads the staging tables without their indexes and builds them once loaded: one sort per index
    // instead of a B-tree insertion at a random key per row. Beside another run, the indexes stay.
    const unindexed = await dropStagingIndexesWhenAlone(client, importId);
    const rejected = Object.fromEntries(IMPORT_TABLES.map((t) => [t, new Set<string>()])) as RejectedKeys;
    const digest = createHash("sha256");
    let bytesRead = 0;
    let rowsRead = 0;
    let lastTold = 0;
    const tell = (phase: ImportProgress["phase"], force = false) => {
      if (!options.onProgress) return;
      const now = performance.now();
      if (!force && now - lastTold < 250) return;
      lastTold = now;
      const seconds = (now - wallStart) / 1000;
      const rate = seconds > 0 ? rowsRead / seconds : 0;
      const byteRate = seconds > 0 ? bytesRead / seconds : 0;
      options.onProgress({ phase, rows: rowsRead, bytesRead, totalBytes, rowsPerSecond: Math.round(rate), secondsLeft: byteRate > 0 && seconds > 1 ? Math.round((totalBytes - bytesRead) / byteRate) : null });
    };
    for (const table of IMPORT_TABLES) {
      const file = files[table];
      if (!file) continue;
      digest.update(`${file}\n`);
      const writer = new StageWriter(client, table, importId, options.chunkRows ?? 500);
      let count = 0;
      const bytes = (async function* () {
        for await (const chunk of source.open(file)) {
          digest.update(chunk);
          bytesRead += chunk.byteLength;
          yield chunk;
        }
      })();
      const parseOptions = { routed: deps.routed ?? false, county: deps.county ?? null, batchRows: 2000 };
      try {
        // A worker thread costs ~0.3 s to start: worth it from a few MB on (parsing then runs beside the writes).
        const inline = options.parseInline ?? (await source.size(file)) < WORKER_FROM_BYTES;
        for await (const event of inline ? parseFile(table, bytes, parseOptions) : parseInWorker(table, bytes, parseOptions)) {
          if (event.kind === "encoding") encodings[file] = event.encoding;
          else if (event.kind === "rows") {
            rowsRead += event.count - count;
            count = event.count;
            for (const issue of event.issues) report({ file, ...issue });
            for (const key of event.rejected) rejected[table].add(key);
            for (const row of event.staged) await writer.add(row.line, row.values);
            tell("reading");
            await beat();
          } else {
            rowsRead += event.count - count;
            count = event.count;
          }
        }
      } finally {
        await writer.finish();
      }
      rows[table] = count;
    }
    tell("reading", true);
    await client.execute({ sql: "UPDATE imports SET source_digest = ? WHERE id = ?", args: [digest.digest("hex"), importId] });
    if (unindexed) await createStagingIndexes(client);

    // ---- 2. the package's own cross-references ------------------------------------------------------------------
    tell("validating", true);
    await checkPackage(client, importId, rejected, files, report);
    if (errorCount > 0) return await refuse();

    // ---- 3. lock the collectives, then check against the registry -----------------------------------------------
    const streams = await lockCollectives(client, importId, clock.nowMs(), Date.now());
    locked = true;
    await client.batch(markSameStatements(importId), "write");
    await checkAgainstRegistry(client, importId, rejected, files, report);
    if (errorCount > 0) return await refuse();

    const news = await newRows(client, importId);
    const unchangedRows = await sameRows(client, importId);
    if (news.total === 0) {
      await end("unchanged", unchangedRows);
      return finish("unchanged", unchangedRows);
    }

    // ---- 4. promote ---------------------------------------------------------------------------------------------
    tell("promoting", true);
    const live = streams.filter((s) => news.byIssuer.has(s.issuerCode));
    for (const s of live) s.data = news.byIssuer.get(s.issuerCode)!;
    const statements = await promoteStatements(importId, options.actor, clock.nowMs(), clock.today(), live);
    // Locks of collectives with nothing new are released by the same DELETE; the staged streams of the rest move.
    await client.batch(statements, "write");
    locked = false;
    Object.assign(created, news.created);
    await end("completed", unchangedRows);
    tell("done", true);
    return finish("completed", unchangedRows);
  } catch (error) {
    await client.execute({ sql: "UPDATE imports SET status = 'failed', finished_at_ms = ? WHERE id = ?", args: [clock.nowMs(), importId] }).catch(() => undefined);
    throw error;
  } finally {
    if (locked) await client.execute({ sql: "DELETE FROM import_locks WHERE import_id = ?", args: [importId] }).catch(() => undefined);
    await cleanStaging(client, importId);
    // Whatever happened, the staging indexes exist again when the run ends (a run that died before is mended here too).
    await createStagingIndexes(client).catch(() => undefined);
    await client.execute(`PRAGMA cache_size = ${cacheSize}`).catch(() => undefined);
    await client.execute(`PRAGMA wal_autocheckpoint = ${autocheckpoint}`).catch(() => undefined);
  }

  async function refuse(): Promise<ImportReport> {
    await end("refused");
    return finish("refused");
  }
  async function end(status: "refused" | "unchanged" | "completed", unchangedRows = 0) {
    const summary = finish(status, unchangedRows);
    await client.execute({
      sql: "UPDATE imports SET status = ?, finished_at_ms = ?, report_json = ? WHERE id = ?",
      args: [status, clock.nowMs(), JSON.stringify({ ...summary, errors: summary.errors.slice(0, 100) }), importId],
    });
  }
}

/**
 * Takes the import locks of every collective the package touches (its FBF issuers), in one batch; a lock held by
 * a live run refuses the import (409 import_in_progress), a lock of a run that stopped beating is taken over.
 * Returns each collective's stream head, read under the lock (no other write can move it now).
 */
async function lockCollectives(client: Client, importId: string, nowMs: number, wallMs: number): Promise<Stream[]> {
  const { rows } = await client.execute({
    sql: `SELECT f.issuer_code, coalesce(c.code, s.credit_code) AS collective_code, c.code IS NULL AS is_new
          FROM (SELECT DISTINCT issuer_code FROM import_stage_issuers WHERE import_id = ?1) f
          LEFT JOIN collectives c ON c.issuer_code = f.issuer_code
          LEFT JOIN import_stage_collectives s ON s.import_id = ?1 AND s.issuer_code = f.issuer_code ORDER BY 1`,
    args: [importId],
  });
  const held = await client.execute({
    sql: `SELECT l.collective_code, l.import_id, i.heartbeat_at_ms, i.status FROM import_locks l LEFT JOIN imports i ON i.id = l.import_id`,
    args: [],
  });
  const wanted = new Set(rows.map((r) => String(r.collective_code)));
  const busy = held.rows.filter((h) => wanted.has(String(h.collective_code)) && h.status === "running" && Number(h.heartbeat_at_ms) > wallMs - STALE_LOCK_MS);
  if (busy.length > 0)
    throw new DomainError("import_in_progress", `Another import (${busy[0]!.import_id}) is making collective ${busy[0]!.collective_code} live; run this one when it has ended.`);
  const statements = [
    // Locks of runs that died are taken over.
    { sql: `DELETE FROM import_locks WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'running' AND heartbeat_at_ms > ?)`, args: [wallMs - STALE_LOCK_MS] },
    ...rows.map((r) => ({ sql: "INSERT INTO import_locks (collective_code, import_id, acquired_at_ms) VALUES (?, ?, ?)", args: [String(r.collective_code), importId, nowMs] })),
  ];
  try {
    await client.batch(statements, "write");
  } catch (error) {
    if (/UNIQUE constraint failed: import_locks/.test(String(error))) throw new DomainError("import_in_progress", "Another import has just locked one of these collectives; run this one when it has ended.");
    throw error;
  }
  const heads = await client.execute({
    sql: `SELECT t.stream, t.stream_seq, t.hash FROM journal t JOIN (SELECT stream, max(stream_seq) AS top FROM journal WHERE stream IN (SELECT collective_code FROM import_locks WHERE import_id = ?) GROUP BY stream) h
          ON t.stream = h.stream AND t.stream_seq = h.top`,
    args: [importId],
  });
  const head = new Map(heads.rows.map((h) => [String(h.stream), { seq: Number(h.stream_seq), hash: String(h.hash ?? GENESIS_HASH) }]));
  const streams: Stream[] = rows.map((r) => {
    const code = String(r.collective_code);
    const h = head.get(code);
    return { collectiveCode: code, issuerCode: String(r.issuer_code), streamSeq: (h?.seq ?? 0) + 1, prevHash: h?.hash ?? GENESIS_HASH, isNew: Number(r.is_new) === 1, data: {} };
  });
  for (let i = 0; i < streams.length; i += 200) {
    const part = streams.slice(i, i + 200);
    await client.execute({
      sql: `INSERT INTO import_stage_streams (import_id, collective_code, issuer_code, stream_seq, is_new) VALUES ${part.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
      args: part.flatMap((s) => [importId, s.collectiveCode, s.issuerCode, s.streamSeq, s.isNew ? 1 : 0]),
    });
  }
  return streams;
}

/** Counts of new rows per collective (issuer), for the journal rows and the report. */
async function newRows(client: Client, importId: string) {
  const count = async (table: string, where = "") =>
    (await client.execute({ sql: `SELECT issuer_code, count(*) AS n FROM ${table} WHERE import_id = ? AND state = 'new' ${where} GROUP BY issuer_code`, args: [importId] })).rows;
  const byIssuer = new Map<string, Record<string, unknown>>();
  const add = (rows: Awaited<ReturnType<typeof count>>, name: string) => {
    for (const r of rows) {
      const entry = byIssuer.get(String(r.issuer_code)) ?? {};
      entry[name] = Number(r.n);
      byIssuer.set(String(r.issuer_code), entry);
    }
    return rows.reduce((s, r) => s + Number(r.n), 0);
  };
  const collectivesRows = await count("import_stage_collectives");
  const created = {
    collectives: add(collectivesRows, "collective"),
    households: add(await count("import_stage_households"), "households"),
    memberships: 0,
    persons: 0,
    plots: add(await count("import_stage_plots"), "plots"),
    contracts: add(await count("import_stage_contracts"), "contracts"),
  };
  const members = add(await count("import_stage_members"), "members");
  const links = add(await count("import_stage_contract_plots"), "contractPlots");
  const others = add(await count("import_stage_issuers"), "issuerRecords") + add(await count("import_stage_certificates"), "certificateRecords");
  // Persons new to the registry, and living members without an active membership in their collective yet.
  const people = await client.execute({
    sql: `SELECT sum(NOT EXISTS (SELECT 1 FROM persons p WHERE p.id_type = m.id_type AND p.id_number = m.id_number)) AS persons,
                 sum(m.deceased = 0 AND NOT EXISTS (SELECT 1 FROM persons p JOIN memberships x ON x.person_id = p.id AND x.status = 'active'
                   JOIN import_stage_streams t ON t.import_id = m.import_id AND t.issuer_code = m.issuer_code AND x.collective_code = t.collective_code
                   WHERE p.id_type = m.id_type AND p.id_number = m.id_number)) AS memberships
          FROM import_stage_members m WHERE m.import_id = ? AND m.state = 'new'`,
    args: [importId],
  });
  created.persons = Number(people.rows[0]?.persons ?? 0);
  created.memberships = Number(people.rows[0]?.memberships ?? 0);
  const total = created.collectives + created.households + created.plots + created.contracts + members + links + others;
  return { byIssuer, created, total };
}

async function sameRows(client: Client, importId: string): Promise<number> {
  let n = 0;
  for (const table of Object.values(STAGE_TABLE)) {
    const { rows } = await client.execute({ sql: `SELECT count(*) AS n FROM ${table} WHERE import_id = ? AND state = 'same'`, args: [importId] });
    n += Number(rows[0]?.n ?? 0);
  }
  return n;
}

/**
 * The staging tables' indexes (migration 0019), by name: dropped while a run loads alone, created again (IF NOT
 * EXISTS) before the package is checked, and at the end of every run.
 */
const STAGING_INDEXES: Record<string, string> = {
  import_stage_collectives_key: "import_stage_collectives (import_id, issuer_code)",
  import_stage_issuers_key: "import_stage_issuers (import_id, issuer_code)",
  import_stage_households_key: "import_stage_households (import_id, contractor_code)",
  import_stage_members_household: "import_stage_members (import_id, contractor_code)",
  import_stage_members_person: "import_stage_members (import_id, id_type, id_number)",
  import_stage_contracts_key: "import_stage_contracts (import_id, contract_code)",
  import_stage_contracts_contractor: "import_stage_contracts (import_id, contractor_code)",
  import_stage_contract_plots_plot: "import_stage_contract_plots (import_id, plot_code)",
  import_stage_contract_plots_contract: "import_stage_contract_plots (import_id, contract_code)",
  import_stage_plots_key: "import_stage_plots (import_id, plot_code)",
  import_stage_certificates_key: "import_stage_certificates (import_id, certificate_code)",
};

async function dropStagingIndexesWhenAlone(client: Client, importId: string): Promise<boolean> {
  const others = await client.execute({ sql: "SELECT count(*) AS n FROM imports WHERE status = 'running' AND id <> ?", args: [importId] });
  if (Number(others.rows[0]?.n ?? 0) > 0) return false;
  await client.batch(Object.keys(STAGING_INDEXES).map((name) => ({ sql: `DROP INDEX IF EXISTS ${name}`, args: [] })), "write");
  return true;
}

async function createStagingIndexes(client: Client): Promise<void> {
  await client.batch(Object.entries(STAGING_INDEXES).map(([name, on]) => ({ sql: `CREATE INDEX IF NOT EXISTS ${name} ON ${on}`, args: [] })), "write");
}

async function cleanStaging(client: Client, importId: string): Promise<void> {
  const tables = [...Object.values(STAGE_TABLE), "import_stage_streams"];
  // Alone, a run empties the staging tables whole: a DELETE without WHERE is SQLite's truncate (pages freed, no
  // per-row index work). Beside another run, only its own rows.
  const others = await client.execute({ sql: "SELECT count(*) AS n FROM imports WHERE status = 'running' AND id <> ?", args: [importId] });
  const alone = Number(others.rows[0]?.n ?? 0) === 0;
  await client
    .batch(tables.map((t) => (alone ? { sql: `DELETE FROM ${t}`, args: [] } : { sql: `DELETE FROM ${t} WHERE import_id = ?`, args: [importId] })), "write")
    .catch(() => undefined);
}
