/**
 * Reading the package into the staging tables: each row parsed and checked on its own (domain/nyt2539.ts), then
 * buffered and written as multi-row INSERTs, several statements per `client.batch` (stack-notes #5: raw batches of
 * ~500-row INSERTs are the fast path; drizzle's builder costs 4×). Bad rows are reported, not staged.
 */
import type { Client, InValue } from "@libsql/client";
import {
  keptOf,
  NYT_HEADERS,
  NYT_REQUIRED,
  parseCbdkxx,
  parseCbf,
  parseCbht,
  parseCbjyqz,
  parseCollectiveRow,
  parseDk,
  parseFbf,
  parseJtcy,
  type Fields,
  type NytTable,
  type RowResult,
} from "../../domain/nyt2539.js";
import { checkCollective } from "../../domain/collectives.js";
import { withCounty } from "../../domain/routing.js";
import type { IdFactory } from "../../lib/ids.js";

/** Columns of each staging table, in the order `stageValues` gives them. */
const COLUMNS: Record<NytTable, string[]> = {
  collectives: ["issuer_code", "credit_code", "level", "name", "region_code"],
  FBF: ["issuer_code", "name"],
  CBF: ["contractor_code", "issuer_code", "representative_id_type", "representative_id_number", "name"],
  CBF_JTCY: ["record_key", "contractor_code", "issuer_code", "id_type", "id_number", "name", "sex", "birth_date", "relation", "relation_code", "co_holder", "deceased", "person_id", "membership_id", "household_member_id"],
  CBHT: ["contract_code", "issuer_code", "contractor_code", "mode", "starts_on", "ends_on", "registration_id"],
  CBDKXX: ["record_key", "plot_code", "issuer_code", "contractor_code", "contract_code", "certificate_code", "link_id", "title_id"],
  DK: ["plot_code", "issuer_code", "name", "area_mu_e4", "area_m2_e2", "land_use", "category", "basic_farmland", "boundary_east", "boundary_south", "boundary_west", "boundary_north"],
  CBJYQZ: ["certificate_code", "issuer_code"],
};

export const STAGE_TABLE: Record<NytTable, string> = {
  collectives: "import_stage_collectives",
  FBF: "import_stage_issuers",
  CBF: "import_stage_households",
  CBF_JTCY: "import_stage_members",
  CBHT: "import_stage_contracts",
  CBDKXX: "import_stage_contract_plots",
  DK: "import_stage_plots",
  CBJYQZ: "import_stage_certificates",
};

/** The key of a row of each table (the import_records key) as a staging column. */
export const KEY_COLUMN: Record<NytTable, string> = {
  collectives: "issuer_code",
  FBF: "issuer_code",
  CBF: "contractor_code",
  CBF_JTCY: "record_key",
  CBHT: "contract_code",
  CBDKXX: "record_key",
  DK: "plot_code",
  CBJYQZ: "certificate_code",
};

export interface StagedRow {
  key: string;
  values: InValue[];
}

export interface ParseOutcome {
  staged?: StagedRow;
  issues?: { field: string; code: string; message: string }[];
}

/** Parses one row of a table into its staging values (with the ids its live records will take). */
export function stageRow(table: NytTable, fields: Fields, ids: IdFactory, routed: boolean): ParseOutcome {
  const result = parse(table, fields);
  if (!result.ok) return { issues: result.issues };
  const { value: v, modelled } = result.row as { value: any; modelled: Record<string, string> };
  let key: string;
  let values: InValue[];
  switch (table) {
    case "collectives":
      key = v.issuerCode;
      values = [v.issuerCode, v.creditCode, v.level, v.name, v.regionCode];
      break;
    case "FBF":
      key = v.issuerCode;
      values = [v.issuerCode, (fields.FBFMC ?? "").trim()];
      break;
    case "CBF":
      key = v.contractorCode;
      values = [v.contractorCode, v.issuerCode, v.representative.idType, v.representative.idNumber, v.name];
      break;
    case "CBF_JTCY":
      key = `${v.contractorCode}|${v.idType}|${v.idNumber}`;
      values = [
        key,
        v.contractorCode,
        v.contractorCode.slice(0, 14),
        v.idType,
        v.idNumber,
        v.name,
        v.sex,
        v.birthDate,
        v.relation,
        v.relationCode,
        v.coHolder ? 1 : 0,
        v.deceased ? 1 : 0,
        withCounty(ids("prs"), routed ? v.contractorCode.slice(0, 6) : null),
        ids("mbr"),
        ids("hhm"),
      ];
      break;
    case "CBHT":
      key = v.contractCode;
      values = [v.contractCode, v.issuerCode, v.contractorCode, v.contractCode.endsWith("J") ? "household" : "other", v.startsOn, v.endsOn, ids("reg")];
      break;
    case "CBDKXX":
      key = `${v.plotCode}|${v.contractCode}`;
      values = [key, v.plotCode, v.issuerCode, v.contractorCode, v.contractCode, v.certificateCode, ids("cpl"), ids("ttl")];
      break;
    case "DK":
      key = v.plotCode;
      values = [v.plotCode, v.issuerCode, v.name, v.areaMuE4, v.areaM2E2, v.landUse, v.category, v.basicFarmland ? 1 : 0, v.boundaries.east, v.boundaries.south, v.boundaries.west, v.boundaries.north];
      break;
    case "CBJYQZ":
      key = v.certificateCode;
      values = [v.certificateCode, v.certificateCode.slice(0, 14)];
      break;
  }
  let joined = "";
  for (const h of NYT_HEADERS[table]) joined += (fields[h] ?? "") + "\u001f";
  const digest = rowDigest(joined);
  return { staged: { key, values: [...values, digest, JSON.stringify(keptOf(table, fields, modelled))] } };
}

function parse(table: NytTable, fields: Fields): RowResult<unknown> {
  switch (table) {
    case "collectives":
      return parseCollectiveRow(fields, checkCollective);
    case "FBF":
      return parseFbf(fields);
    case "CBF":
      return parseCbf(fields);
    case "CBF_JTCY":
      return parseJtcy(fields);
    case "CBHT":
      return parseCbht(fields);
    case "CBDKXX":
      return parseCbdkxx(fields);
    case "DK":
      return parseDk(fields);
    case "CBJYQZ":
      return parseCbjyqz(fields);
  }
}

/** Header fields a table must have (the ones the registry reads). */
export function missingHeaders(table: NytTable, header: string[]): string[] {
  const names = new Set(header);
  return NYT_REQUIRED[table].filter((f) => !names.has(f));
}

/** Buffers staged rows of one table and writes them in multi-row INSERT batches. */
export class StageWriter {
  private rows: InValue[][] = [];
  private pending: Promise<unknown> = Promise.resolve();
  private readonly perStatement: number;
  private readonly sqlHead: string;
  private readonly placeholders: string;
  constructor(
    private readonly client: Client,
    readonly table: NytTable,
    private readonly importId: string,
    chunkRows: number,
    private readonly statementsPerBatch = 32,
  ) {
    const columns = ["import_id", "line", ...COLUMNS[table], "digest", "kept_json"];
    // SQLite binds at most 32,766 parameters per statement.
    this.perStatement = Math.max(1, Math.min(chunkRows, Math.floor(32_000 / columns.length)));
    this.sqlHead = `INSERT INTO ${STAGE_TABLE[table]} (${columns.join(", ")}) VALUES `;
    this.placeholders = `(${columns.map(() => "?").join(", ")})`;
  }

  async add(line: number, values: InValue[]): Promise<void> {
    this.rows.push([this.importId, line, ...values]);
    if (this.rows.length >= this.perStatement * this.statementsPerBatch) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) {
      await this.pending;
      return;
    }
    const rows = this.rows;
    this.rows = [];
    const statements = [];
    for (let i = 0; i < rows.length; i += this.perStatement) {
      const part = rows.slice(i, i + this.perStatement);
      statements.push({ sql: this.sqlHead + part.map(() => this.placeholders).join(", "), args: part.flat() });
    }
    // One write in flight while the next rows are parsed: reading and writing overlap, memory stays bounded.
    await this.pending;
    const write = this.client.batch(statements, "write");
    write.catch(() => undefined); // awaited at the next flush; never an unhandled rejection meanwhile
    this.pending = write;
  }

  /** Writes what is buffered and waits for every write. */
  async finish(): Promise<void> {
    await this.flush();
    await this.pending;
  }
}

/**
 * 128 bits identifying a row's text, to tell a row imported before from a changed one. Not a cryptographic hash
 * (nobody gains by forging a collision with their own county's data), but 4 independent 32-bit lanes of
 * MurmurHash3's mixing: SHA-256 per row cost more than parsing the row (10 µs × 5.5 million rows).
 */
export function rowDigest(text: string): string {
  let h1 = 0x9747b28c, h2 = 0x85ebca6b, h3 = 0xc2b2ae35, h4 = 0x27d4eb2f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0xcc9e2d51); h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ c, 0x1b873593); h2 = (h2 << 13) | (h2 >>> 19);
    h3 = Math.imul(h3 ^ c, 0xe6546b64); h3 = (h3 << 17) | (h3 >>> 15);
    h4 = Math.imul(h4 ^ c, 0x85ebca77); h4 = (h4 << 11) | (h4 >>> 21);
  }
  const fmix = (h: number, n: number) => {
    h ^= n; h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    return (h >>> 0).toString(16).padStart(8, "0");
  };
  return fmix(h1 ^ h3, text.length) + fmix(h2 ^ h4, ~text.length) + fmix(h3 + h1, text.length * 31) + fmix(h4 + h2, text.length * 17);
}
