/**
 * The county export (issue 8): the current register as NY/T 2539-2016 tables, for the county platform and for other
 * departments. Each record is written as the import would have read it: the modelled fields from the registry's
 * current state (written exactly as the import's parse functions write them, domain/nyt2539.ts), everything else
 * from the import record kept beside it (import_records.kept_json), so import → export gives the same rows back,
 * and a value changed since (a correction, a member who left) shows the registry's value.
 *
 * Read in one read transaction, in pages of PAGE_ROWS by keyset on each table's key (never OFFSET, never the whole
 * county in memory), each row with its import record (a primary-key lookup in the same statement). Rows go to `sink` table by table, in
 * key order, and `sink` is awaited (backpressure).
 *
 * What is exported, per collective (or every collective):
 *  collectives  one row (issuerCode, creditCode, level, name) — not NY/T 2539; the import reads it beside the tables
 *  FBF          one row (the issuing party)
 *  CBF          each active household
 *  CBF_JTCY     the active members of active households, and those who died (CYBZ 7), who the confirmation lists
 *  CBHT         each active land contract
 *  CBDKXX       each active contract–plot link
 *  DK           every plot
 *  CBJYQZ       each active contract with a certificate number (CBJYQZBM)
 */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Client, InValue, Row } from "@libsql/client";
import { csvRecord } from "../../lib/csv.js";
import { DomainError } from "../../domain/errors.js";
import {
  CATEGORY_CODE,
  ID_TYPE_CODE,
  LAND_USE_CODE,
  NYT_HEADERS,
  nytAreaM2,
  nytAreaMu,
  REMARK_DECEASED,
  rowOf,
  SEX_CODE,
  type Kept,
  type NytTable,
} from "../../domain/nyt2539.js";
import type { IdType } from "../../domain/persons.js";

/** Rows read per query. */
export const PAGE_ROWS = 2_000;

/** The order the tables are written in (collectives.csv first, as the import reads it). */
export const EXPORT_TABLES = ["collectives", "FBF", "CBF", "CBF_JTCY", "CBHT", "CBDKXX", "DK", "CBJYQZ"] as const satisfies readonly NytTable[];

/** Receives each row (fields in NYT_HEADERS[table] order); awaited before the next page is read. */
export type NytSink = (table: NytTable, row: string[]) => void | Promise<void>;

export interface ExportOptions {
  /** A collective's credit code: only its records. Without it: every collective in the database. */
  collective?: string;
  /** Rows per page (tests use small pages to cross page boundaries). */
  pageRows?: number;
}

export type ExportCounts = Record<NytTable, number>;

/** Household members who left by death: `death`, as the import and the member-leave command write it. */
const DECEASED_REASONS = ["death"];
/** 承包方式 / 承包经营权取得方式 of a contract's mode (NY/T 2539 codes: 110 家庭承包, 120 其他方式承包). */
const MODE_CODE: Record<string, string> = { household: "110", other: "120" };

interface Entity {
  /** The modelled fields, as the import's parse functions write them. */
  current: Record<string, string>;
  /** Fields the registry holds outside the modelled ones, written only for records that have no import record. */
  fallback?: Record<string, string>;
}

interface TableSpec {
  /**
   * The rows: the columns (the keyset column `AS cursor` among them) from the table and its joins. The statement
   * adds the import record (LEFT JOIN on `recordKey`, the import_records key as an SQL expression), the conditions,
   * the collective (`collectiveColumn`), the cursor, the order and the limit.
   */
  columns: string;
  from: string;
  recordKey: string | null;
  keyColumn: string;
  collectiveColumn: string;
  conditions?: string[];
  entity(row: Row): Entity;
}

export async function exportNyt(client: Client, options: ExportOptions, sink: NytSink): Promise<ExportCounts> {
  await requireCollective(client, options.collective);
  // One read transaction: every page sees the same state of the register (a household split while the export
  // runs is either before it in every table or after it in every table). WAL lets writers go on meanwhile.
  const tx = await client.transaction("read");
  try {
    return await exportPages(tx, options, sink);
  } finally {
    tx.close();
  }
}

async function exportPages(client: Pick<Client, "execute">, options: ExportOptions, sink: NytSink): Promise<ExportCounts> {
  const limit = options.pageRows ?? PAGE_ROWS;
  const counts = Object.fromEntries(EXPORT_TABLES.map((t) => [t, 0])) as ExportCounts;
  for (const table of EXPORT_TABLES) {
    const spec = SPECS[table];
    const where = [...(spec.conditions ?? [])];
    const fixed: InValue[] = [];
    if (options.collective !== undefined) {
      where.push(`${spec.collectiveColumn} = ?`);
      fixed.push(options.collective);
    }
    // Each import record is found by its primary key (table_name, record_key) in the page's own statement.
    const join = spec.recordKey ? ` LEFT JOIN import_records r ON r.table_name = '${table}' AND r.record_key = ${spec.recordKey}` : "";
    const kept = spec.recordKey ? ", r.kept_json" : ", NULL AS kept_json";
    const statement = (first: boolean) => {
      const conditions = first ? where : [...where, `${spec.keyColumn} > ?`];
      return `SELECT ${spec.columns}${kept} FROM ${spec.from}${join}${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""} ORDER BY ${spec.keyColumn} LIMIT ?`;
    };
    const [firstSql, nextSql] = [statement(true), statement(false)];
    let after: string | null = null;
    for (;;) {
      const { rows } = await client.execute({ sql: after === null ? firstSql : nextSql, args: after === null ? [...fixed, limit] : [...fixed, after, limit] });
      for (const r of rows) {
        const e = spec.entity(r);
        const k = r.kept_json === null ? null : (JSON.parse(String(r.kept_json)) as Kept);
        await sink(table, rowOf(table, k === null && e.fallback ? { ...e.fallback, ...e.current } : e.current, k));
        counts[table]++;
      }
      if (rows.length < limit) break;
      after = str(rows[rows.length - 1]!.cursor);
    }
  }
  return counts;
}

async function requireCollective(client: Pick<Client, "execute">, code: string | undefined): Promise<void> {
  if (code === undefined) return;
  const found = await client.execute({ sql: "SELECT 1 FROM collectives WHERE code = ?", args: [code] });
  if (found.rows.length === 0) throw new DomainError("collective_not_found", `No collective ${code} in this database.`);
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const DECEASED_SQL = DECEASED_REASONS.map((r) => `'${r}'`).join(", ");

const SPECS: Record<(typeof EXPORT_TABLES)[number], TableSpec> = {
  collectives: {
    columns: "c.code AS cursor, c.issuer_code, c.name, c.level",
    from: "collectives c",
    recordKey: null,
    keyColumn: "c.code",
    collectiveColumn: "c.code",
    entity: (r) => ({ current: { issuerCode: str(r.issuer_code), creditCode: str(r.cursor), level: str(r.level), name: str(r.name) } }),
  },
  FBF: {
    columns: "c.code AS cursor, c.issuer_code, c.name",
    from: "collectives c",
    recordKey: "c.issuer_code",
    keyColumn: "c.code",
    collectiveColumn: "c.code",
    entity: (r) => ({ current: { FBFBM: str(r.issuer_code) }, fallback: { FBFMC: str(r.name) } }),
  },
  CBF: {
    // With a collective, the UNIQUE (collective_code, contractor_code) index serves the condition and the order.
    columns: "h.contractor_code AS cursor, p.name, p.id_type, p.id_number",
    from: "households h JOIN persons p ON p.id = h.representative_id",
    recordKey: "h.contractor_code",
    keyColumn: "h.contractor_code",
    collectiveColumn: "h.collective_code",
    conditions: ["h.status = 'active'"],
    entity: (r) => ({
      current: { CBFBM: str(r.cursor), CBFLX: "1", CBFMC: str(r.name), CBFZJLX: ID_TYPE_CODE[str(r.id_type) as IdType] ?? "", CBFZJHM: str(r.id_number) },
    }),
  },
  CBF_JTCY: {
    // household_members has no index on its household alone (only partial ones over active rows), so members are
    // read in the order of their own key, one linear pass in pages; CROSS JOIN keeps that table outermost.
    columns: `m.id AS cursor, m.contractor_code, m.relation_code, m.co_holder, m.status, p.name, p.sex, p.id_type, p.id_number`,
    from: `household_members m CROSS JOIN households h ON h.contractor_code = m.contractor_code CROSS JOIN persons p ON p.id = m.person_id`,
    recordKey: "m.contractor_code || '|' || p.id_type || '|' || p.id_number",
    keyColumn: "m.id",
    collectiveColumn: "m.collective_code",
    conditions: ["h.status = 'active'", `(m.status = 'active' OR (m.status = 'left' AND m.left_reason IN (${DECEASED_SQL})))`],
    entity: (r) => {
      const sex = str(r.sex);
      const current: Record<string, string> = {
        CBFBM: str(r.contractor_code),
        CYXM: str(r.name),
        CYXB: sex === "male" || sex === "female" ? SEX_CODE[sex] : "",
        CYZJLX: ID_TYPE_CODE[str(r.id_type) as IdType] ?? "",
        CYZJHM: str(r.id_number),
        YHZGX: str(r.relation_code),
        SFGYR: Number(r.co_holder) === 1 ? "1" : "2",
      };
      // A member who died is listed with the remark 7 (去世), whether the import or a later registration said so.
      if (str(r.status) === "left") current.CYBZ = REMARK_DECEASED;
      return { current };
    },
  },
  CBHT: {
    columns: `l.contract_code AS cursor, l.contractor_code, l.starts_on, l.ends_on, l.mode, c.issuer_code`,
    from: `land_contracts l JOIN collectives c ON c.code = l.collective_code`,
    recordKey: "l.contract_code",
    keyColumn: "l.contract_code",
    collectiveColumn: "l.collective_code",
    conditions: ["l.status = 'active'"],
    entity: (r) => ({
      current: { CBHTBM: str(r.cursor), FBFBM: str(r.issuer_code), CBFBM: str(r.contractor_code), CBQXQ: str(r.starts_on), CBQXZ: str(r.ends_on) },
      fallback: { CBFS: MODE_CODE[str(r.mode)] ?? "" },
    }),
  },
  CBDKXX: {
    // As for members: in the order of the link's own key; CROSS JOIN keeps contract_plots outermost.
    columns: `cp.id AS cursor, cp.plot_code, cp.contract_code, l.contractor_code, l.mode, l.certificate_no, c.issuer_code`,
    from: `contract_plots cp CROSS JOIN land_contracts l ON l.contract_code = cp.contract_code CROSS JOIN collectives c ON c.code = cp.collective_code`,
    recordKey: "cp.plot_code || '|' || cp.contract_code",
    keyColumn: "cp.id",
    collectiveColumn: "cp.collective_code",
    conditions: ["cp.status = 'active'"],
    entity: (r) => ({
      current: { DKBM: str(r.plot_code), FBFBM: str(r.issuer_code), CBFBM: str(r.contractor_code), CBHTBM: str(r.contract_code) },
      fallback: { CBJYQQDFS: MODE_CODE[str(r.mode)] ?? "", CBJYQZBM: str(r.certificate_no) },
    }),
  },
  DK: {
    columns:
      "p.plot_code AS cursor, p.name, p.area_mu_e4, p.area_m2_e2, p.land_use, p.category, p.basic_farmland, p.boundary_east, p.boundary_south, p.boundary_west, p.boundary_north",
    from: `plots p`,
    recordKey: "p.plot_code",
    keyColumn: "p.plot_code",
    collectiveColumn: "p.collective_code",
    entity: (r) => ({
      current: {
        DKBM: str(r.cursor),
        DKMC: str(r.name),
        DKLB: CATEGORY_CODE[str(r.category)] ?? "",
        TDYT: LAND_USE_CODE[str(r.land_use)] ?? "",
        SFJBNT: Number(r.basic_farmland) === 1 ? "1" : "2",
        // The area in m² is optional in the register (plots registered in mu only): blank then.
        SCMJ: r.area_m2_e2 === null ? "" : nytAreaM2(Number(r.area_m2_e2)),
        SCMJM: nytAreaMu(Number(r.area_mu_e4)),
        DKDZ: str(r.boundary_east),
        DKXZ: str(r.boundary_west),
        DKNZ: str(r.boundary_south),
        DKBZ: str(r.boundary_north),
      },
    }),
  },
  CBJYQZ: {
    columns: "l.contract_code AS cursor, l.certificate_no",
    from: "land_contracts l",
    recordKey: "l.certificate_no",
    keyColumn: "l.contract_code",
    collectiveColumn: "l.collective_code",
    conditions: ["l.status = 'active'", "l.certificate_no IS NOT NULL"],
    entity: (r) => ({ current: { CBJYQZBM: str(r.certificate_no) } }),
  },
};

/**
 * Writes the export into `folder`: one `<TABLE>.csv` per table (and `collectives.csv`), NYT_HEADERS as the header,
 * UTF-8 without a byte order mark, CRLF, RFC 4180 quoting (csvRecord quotes and nothing else: values go out as they
 * are, no spreadsheet-formula guard, so the import reads back the same text). Each stream is awaited when its
 * buffer is full, so a county is never in memory.
 */
export async function exportToFolder(client: Client, folder: string, options: ExportOptions = {}): Promise<ExportCounts> {
  await requireCollective(client, options.collective); // before any file is made
  await mkdir(folder, { recursive: true });
  const streams = new Map<NytTable, WriteStream>();
  const failures: Error[] = [];
  for (const table of EXPORT_TABLES) {
    const stream = createWriteStream(join(folder, `${table}.csv`), { encoding: "utf8" });
    stream.on("error", (e) => failures.push(e));
    stream.write(csvRecord(NYT_HEADERS[table]) + "\r\n");
    streams.set(table, stream);
  }
  try {
    return await exportNyt(client, options, async (table, row) => {
      if (failures.length > 0) throw failures[0];
      const stream = streams.get(table)!;
      if (!stream.write(csvRecord(row) + "\r\n")) await once(stream, "drain");
    });
  } finally {
    await Promise.all([...streams.values()].map((s) => new Promise<void>((resolve) => s.end(resolve))));
    if (failures.length > 0) throw failures[0];
  }
}
