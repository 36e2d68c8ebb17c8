/**
 * The package's cross-references, checked with SQL over the staging tables (the rows never sit in memory):
 * every contract's contracting party and issuer exist, every plot row's contract and plot exist, a plot is in at
 * most one contract, nobody is listed twice, and nothing clashes with what the registry already holds. A row
 * identical to one imported before is marked `same` (a second import changes nothing).
 *
 * A reference to a row that was already refused on its own (rejected keys) is not reported again: one bad row,
 * one report line.
 */
import type { Client, InValue, Row } from "@libsql/client";
import type { DomainCode } from "../../domain/errors.js";
import type { NytTable } from "../../domain/nyt2539.js";
import { KEY_COLUMN, STAGE_TABLE } from "./stage.js";
import type { ImportIssue } from "./types.js";

export type RejectedKeys = Record<NytTable, Set<string>>;

interface Check {
  table: NytTable;
  field: string;
  code: DomainCode;
  /** Columns: line, ref (the referenced key, for suppression), detail columns used by `message`. */
  sql: string;
  /** The table of the referenced key (suppressed when that key's row was refused). */
  refTable?: NytTable;
  message: (row: Row) => string;
}

const S = STAGE_TABLE;

/** Checks within the package. `?1` is the import id. */
const PACKAGE_CHECKS: Check[] = [
  // duplicates: every occurrence after the first is reported
  ...(["collectives", "FBF", "CBF", "CBHT", "DK", "CBJYQZ"] as const).map(
    (table): Check => ({
      table,
      field: { collectives: "issuerCode", FBF: "FBFBM", CBF: "CBFBM", CBHT: "CBHTBM", DK: "DKBM", CBJYQZ: "CBJYQZBM" }[table],
      code: ({ collectives: "issuer_duplicated", FBF: "issuer_duplicated", CBF: "contractor_duplicated", CBHT: "contract_duplicated", DK: "plot_duplicated", CBJYQZ: "certificate_duplicated" } as const)[table],
      sql: `SELECT s.line, s.${KEY_COLUMN[table]} AS ref, (SELECT min(f.line) FROM ${S[table]} f WHERE f.import_id = ?1 AND f.${KEY_COLUMN[table]} = s.${KEY_COLUMN[table]}) AS first
            FROM ${S[table]} s WHERE s.import_id = ?1 AND s.line > (SELECT min(f.line) FROM ${S[table]} f WHERE f.import_id = ?1 AND f.${KEY_COLUMN[table]} = s.${KEY_COLUMN[table]})`,
      message: (r) => `${r.ref} is already listed on line ${r.first}.`,
    }),
  ),
  {
    table: "CBF_JTCY",
    field: "CYZJHM",
    code: "person_duplicated",
    sql: `SELECT s.line, s.contractor_code AS ref, f.line AS first, f.contractor_code AS other FROM import_stage_members s
          JOIN import_stage_members f ON f.import_id = ?1 AND f.id_type = s.id_type AND f.id_number = s.id_number AND f.line < s.line
          WHERE s.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM import_stage_members g WHERE g.import_id = ?1 AND g.id_type = s.id_type AND g.id_number = s.id_number AND g.line < f.line)`,
    message: (r) => `This person (same ID document) is already listed on line ${r.first}, in household ${r.other}.`,
  },
  {
    table: "CBDKXX",
    field: "DKBM",
    code: "plot_already_contracted",
    sql: `SELECT s.line, s.contract_code AS ref, s.plot_code, f.contract_code AS other, f.line AS first FROM import_stage_contract_plots s
          JOIN import_stage_contract_plots f ON f.import_id = ?1 AND f.plot_code = s.plot_code AND f.line < s.line
          WHERE s.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM import_stage_contract_plots g WHERE g.import_id = ?1 AND g.plot_code = s.plot_code AND g.line < f.line)`,
    message: (r) => (r.other === r.ref ? `Plot ${r.plot_code} is already listed under contract ${r.ref} on line ${r.first}.` : `Plot ${r.plot_code} is already in contract ${r.other} (line ${r.first}); a plot is in at most one contract.`),
  },
  // references
  {
    table: "FBF",
    field: "FBFBM",
    code: "issuer_not_registered",
    sql: `SELECT s.line, s.issuer_code AS ref FROM import_stage_issuers s WHERE s.import_id = ?1
          AND NOT EXISTS (SELECT 1 FROM import_stage_collectives c WHERE c.import_id = ?1 AND c.issuer_code = s.issuer_code)
          AND NOT EXISTS (SELECT 1 FROM collectives c WHERE c.issuer_code = s.issuer_code)`,
    refTable: "collectives",
    message: (r) => `Issuing party ${r.ref} is not a registered collective: register it, or list its credit code, level and name in collectives.csv.`,
  },
  ...(["CBF", "CBHT", "CBDKXX", "CBJYQZ"] as const).map(
    (table): Check => ({
      table,
      field: table === "CBJYQZ" ? "CBJYQZBM" : table === "CBF" ? "CBFBM" : "FBFBM",
      code: "issuer_not_found",
      sql: `SELECT s.line, s.issuer_code AS ref FROM ${S[table]} s WHERE s.import_id = ?1
            AND NOT EXISTS (SELECT 1 FROM import_stage_issuers f WHERE f.import_id = ?1 AND f.issuer_code = s.issuer_code)`,
      refTable: "FBF",
      message: (r) => `Issuing party ${r.ref} has no row in FBF.`,
    }),
  ),
  {
    table: "CBF_JTCY",
    field: "CBFBM",
    code: "contractor_not_found",
    sql: `SELECT s.line, s.contractor_code AS ref FROM import_stage_members s WHERE s.import_id = ?1
          AND NOT EXISTS (SELECT 1 FROM import_stage_households h WHERE h.import_id = ?1 AND h.contractor_code = s.contractor_code)`,
    refTable: "CBF",
    message: (r) => `Contracting party ${r.ref} has no row in CBF.`,
  },
  {
    table: "CBHT",
    field: "CBFBM",
    code: "contractor_not_found",
    sql: `SELECT s.line, s.contractor_code AS ref FROM import_stage_contracts s WHERE s.import_id = ?1
          AND NOT EXISTS (SELECT 1 FROM import_stage_households h WHERE h.import_id = ?1 AND h.contractor_code = s.contractor_code)`,
    refTable: "CBF",
    message: (r) => `Contracting party ${r.ref} has no row in CBF.`,
  },
  {
    table: "CBDKXX",
    field: "CBHTBM",
    code: "contract_not_found",
    sql: `SELECT s.line, s.contract_code AS ref FROM import_stage_contract_plots s WHERE s.import_id = ?1
          AND NOT EXISTS (SELECT 1 FROM import_stage_contracts c WHERE c.import_id = ?1 AND c.contract_code = s.contract_code)`,
    refTable: "CBHT",
    message: (r) => `Contract ${r.ref} has no row in CBHT.`,
  },
  {
    table: "CBDKXX",
    field: "DKBM",
    code: "plot_not_found",
    sql: `SELECT s.line, s.plot_code AS ref FROM import_stage_contract_plots s WHERE s.import_id = ?1
          AND NOT EXISTS (SELECT 1 FROM import_stage_plots p WHERE p.import_id = ?1 AND p.plot_code = s.plot_code)
          AND NOT EXISTS (SELECT 1 FROM plots p WHERE p.plot_code = s.plot_code)`,
    refTable: "DK",
    message: (r) => `Plot ${r.ref} has no row in DK and is not registered.`,
  },
  {
    table: "CBJYQZ",
    field: "CBJYQZBM",
    code: "contract_not_found",
    sql: `SELECT s.line, s.certificate_code AS ref FROM import_stage_certificates s WHERE s.import_id = ?1
          AND NOT EXISTS (SELECT 1 FROM import_stage_contracts c WHERE c.import_id = ?1 AND c.contract_code = s.certificate_code)`,
    refTable: "CBHT",
    message: (r) => `Certificate ${r.ref} names no contract of CBHT (the certificate code is its contract's code).`,
  },
  {
    table: "CBF",
    field: "CBFZJHM",
    code: "representative_not_in_household",
    sql: `SELECT s.line, s.contractor_code AS ref FROM import_stage_households s WHERE s.import_id = ?1
          AND NOT EXISTS (SELECT 1 FROM import_stage_members m WHERE m.import_id = ?1 AND m.contractor_code = s.contractor_code
            AND m.id_type = s.representative_id_type AND m.id_number = s.representative_id_number AND m.deceased = 0)`,
    message: (r) => `The representative (CBFZJLX/CBFZJHM) of ${r.ref} is not a living member listed in CBF_JTCY.`,
  },
];

/** Checks against the registry's records; run while the import holds the collectives' locks. */
const LIVE_CHECKS: Check[] = [
  {
    table: "collectives",
    field: "creditCode",
    code: "collective_already_registered",
    sql: `SELECT s.line, s.issuer_code AS ref, c.code AS other FROM import_stage_collectives s
          JOIN collectives c ON (c.issuer_code = s.issuer_code OR c.code = s.credit_code)
          WHERE s.import_id = ?1 AND s.state = 'new'`,
    message: (r) => `Collective ${r.other} is registered with other facts (credit code, issuer, level or name) than this row.`,
  },
  ...(
    [
      ["FBF", null, "FBFBM"],
      ["CBF", "SELECT 1 FROM households x WHERE x.contractor_code = s.contractor_code", "CBFBM"],
      ["CBF_JTCY", null, "CYZJHM"],
      ["CBHT", "SELECT 1 FROM land_contracts x WHERE x.contract_code = s.contract_code", "CBHTBM"],
      ["CBDKXX", null, "DKBM"],
      ["DK", "SELECT 1 FROM plots x WHERE x.plot_code = s.plot_code", "DKBM"],
      ["CBJYQZ", null, "CBJYQZBM"],
    ] as const
  ).map(
    ([table, live, field]): Check => ({
      table,
      field,
      code: "import_record_conflicts",
      sql: `SELECT s.line, s.${KEY_COLUMN[table]} AS ref, (r.record_key IS NOT NULL) AS imported FROM ${S[table]} s
            LEFT JOIN import_records r ON r.table_name = '${table}' AND r.record_key = s.${KEY_COLUMN[table]}
            WHERE s.import_id = ?1 AND s.state = 'new' AND (r.record_key IS NOT NULL${live ? ` OR EXISTS (${live})` : ""})`,
      message: (r) =>
        r.imported
          ? `${String(r.ref).split("|")[0]} was imported before with other fields; correct it through the registry, or import the same row.`
          : `${r.ref} is already registered (not by an import) with its own facts; leave it out of the package.`,
    }),
  ),
  {
    table: "CBF_JTCY",
    field: "CYXM",
    code: "id_document_conflicts",
    sql: `SELECT s.line, s.contractor_code AS ref FROM import_stage_members s
          JOIN persons p ON p.id_type = s.id_type AND p.id_number = s.id_number
          WHERE s.import_id = ?1 AND s.state = 'new' AND p.name <> s.name`,
    message: () => "A registered person has this ID document under another name: correct the name first (POST /v1/persons/{id}/corrections) or fix the row.",
  },
  {
    table: "CBF_JTCY",
    field: "CYZJHM",
    code: "person_already_in_household",
    sql: `SELECT s.line, s.contractor_code AS ref, m.contractor_code AS other FROM import_stage_members s
          JOIN persons p ON p.id_type = s.id_type AND p.id_number = s.id_number
          JOIN household_members m ON m.person_id = p.id AND m.status = 'active' AND m.collective_code = (SELECT collective_code FROM import_stage_streams t WHERE t.import_id = ?1 AND t.issuer_code = s.issuer_code)
          WHERE s.import_id = ?1 AND s.state = 'new' AND m.contractor_code <> s.contractor_code`,
    message: (r) => `This person already belongs to household ${r.other} of the collective.`,
  },
  {
    table: "CBDKXX",
    field: "DKBM",
    code: "plot_already_contracted",
    sql: `SELECT s.line, s.plot_code AS ref, cp.contract_code AS other FROM import_stage_contract_plots s
          JOIN contract_plots cp ON cp.plot_code = s.plot_code AND cp.status = 'active'
          WHERE s.import_id = ?1 AND s.state = 'new' AND cp.contract_code <> s.contract_code`,
    message: (r) => `Plot ${r.ref} is already under active contract ${r.other}.`,
  },
];

/** Marks rows identical to rows imported before as `same`. */
export function markSameStatements(importId: string): { sql: string; args: InValue[] }[] {
  const statements = (Object.keys(S) as NytTable[])
    .filter((t) => t !== "collectives")
    .map((table) => ({
      sql: `UPDATE ${S[table]} SET state = 'same' WHERE import_id = ? AND EXISTS (SELECT 1 FROM import_records r
            WHERE r.table_name = '${table}' AND r.record_key = ${S[table]}.${KEY_COLUMN[table]} AND r.digest = ${S[table]}.digest)`,
      args: [importId],
    }));
  // A collectives.csv row is the same when the registered collective has exactly its facts.
  statements.push({
    sql: `UPDATE import_stage_collectives SET state = 'same' WHERE import_id = ? AND EXISTS (SELECT 1 FROM collectives c
          WHERE c.issuer_code = import_stage_collectives.issuer_code AND c.code = import_stage_collectives.credit_code
          AND c.level = import_stage_collectives.level AND c.name = import_stage_collectives.name AND c.region_code = import_stage_collectives.region_code)`,
    args: [importId],
  });
  return statements;
}

export async function checkPackage(client: Client, importId: string, rejected: RejectedKeys, files: Record<string, string>, report: (issue: ImportIssue) => void) {
  await run(client, importId, PACKAGE_CHECKS, rejected, files, report);
}

export async function checkAgainstRegistry(client: Client, importId: string, rejected: RejectedKeys, files: Record<string, string>, report: (issue: ImportIssue) => void) {
  await run(client, importId, LIVE_CHECKS, rejected, files, report);
}

async function run(client: Client, importId: string, checks: Check[], rejected: RejectedKeys, files: Record<string, string>, report: (issue: ImportIssue) => void) {
  for (const check of checks) {
    const { rows } = await client.execute({ sql: check.sql + " ORDER BY 1", args: [importId] });
    for (const row of rows) {
      if (check.refTable && rejected[check.refTable].has(String(row.ref))) continue;
      report({ file: files[check.table] ?? `${check.table}.csv`, line: Number(row.line), field: check.field, code: check.code, message: check.message(row) });
    }
  }
}
