/**
 * NY/T 2539-2016 rows (domain.md §3.1) ↔ this registry's records: the code tables, the field formats, and for each
 * table which fields the registry models (and how it writes them back) and which it keeps as they came.
 * Pure: no I/O. Used by the county import (commands/imports) and the export (commands/exports).
 */
import type { RuleCode } from "./errors.js";
import { checkContractCode, checkContractorCode, checkIssuerCode, checkPlotCode, contractorType } from "./identifiers/index.js";
import { normaliseDocument, type IdType } from "./persons.js";
import { RELATION_CODES, type Relation } from "./households.js";

/** NY/T 2539-2016 field names per table, in the standard's order (the CSV header the export writes). */
export const NYT_HEADERS = {
  FBF: ["FBFBM", "FBFMC", "FBFFZRXM", "FZRZJLX", "FZRZJHM", "LXDH", "FBFDZ", "YZBM", "FBFDCY", "FBFDCRQ", "FBFDCJS"],
  CBF: ["CBFBM", "CBFLX", "CBFMC", "CBFZJLX", "CBFZJHM", "CBFDZ", "YZBM", "LXDH", "CBFCYSL", "CBFDCRQ", "CBFDCY", "CBFDCJS", "GSJS", "GSJSR", "GSSHRQ", "GSSHR"],
  CBF_JTCY: ["CBFBM", "CYXM", "CYXB", "CYZJLX", "CYZJHM", "YHZGX", "CYBZ", "SFGYR", "CYBZSM"],
  CBHT: ["CBHTBM", "YCBHTBM", "FBFBM", "CBFBM", "CBFS", "CBQXQ", "CBQXZ", "HTZMJ", "CBDKZS", "QDSJ", "HTZMJM", "YHTZMJ", "YHTZMJM"],
  CBDKXX: ["DKBM", "FBFBM", "CBFBM", "CBJYQQDFS", "HTMJ", "CBHTBM", "LZHTBM", "CBJYQZBM", "YHTMJ", "HTMJM", "YHTMJM", "SFQQQG"],
  DK: ["BSM", "YSDM", "DKBM", "DKMC", "SYQXZ", "DKLB", "TDLYLX", "DLDJ", "TDYT", "SFJBNT", "SCMJ", "SCMJM", "DKDZ", "DKXZ", "DKNZ", "DKBZ", "DKBZXX", "ZJRXM"],
  CBJYQZ: ["CBJYQZBM", "FZJG", "FZRQ", "QZSFLY", "QZLQRQ", "QZLQRXM", "QZLQRZJLX", "QZLQRZJHM"],
  /** Not NY/T 2539: the issuers' credit codes (FBF carries none), beside the tables. */
  collectives: ["issuerCode", "creditCode", "level", "name"],
} as const;
export type NytTable = keyof typeof NYT_HEADERS;

/** Fields that must not be empty (M in the standard), of those the registry reads. */
export const NYT_REQUIRED: Record<NytTable, readonly string[]> = {
  FBF: ["FBFBM", "FBFMC"],
  CBF: ["CBFBM", "CBFLX", "CBFMC", "CBFZJLX", "CBFZJHM"],
  CBF_JTCY: ["CBFBM", "CYXM", "CYZJLX", "CYZJHM", "YHZGX"],
  CBHT: ["CBHTBM", "FBFBM", "CBFBM", "CBQXQ", "CBQXZ"],
  CBDKXX: ["DKBM", "FBFBM", "CBFBM", "CBHTBM"],
  DK: ["DKBM", "DKLB", "TDYT", "SCMJ"],
  CBJYQZ: ["CBJYQZBM"],
  collectives: ["issuerCode", "creditCode", "level", "name"],
};

/** C.15 证件类型 ↔ the registry's document types. */
export const ID_TYPE_BY_CODE: Record<string, IdType> = { "1": "resident-id", "2": "military", "3": "organization-code", "4": "household-book", "5": "passport", "9": "other" };
export const ID_TYPE_CODE: Record<IdType, string> = { "resident-id": "1", military: "2", "organization-code": "3", "household-book": "4", passport: "5", other: "9" };
/** C.7 地块类别. */
export const CATEGORY_BY_CODE: Record<string, "contracted" | "private" | "reserved" | "reclaimed" | "other"> = { "10": "contracted", "21": "private", "22": "reserved", "23": "reclaimed", "99": "other" };
export const CATEGORY_CODE = Object.fromEntries(Object.entries(CATEGORY_BY_CODE).map(([k, v]) => [v, k])) as Record<string, string>;
/** C.9 土地用途. */
export const LAND_USE_BY_CODE: Record<string, "cropping" | "forestry" | "livestock" | "fishery" | "non-farm"> = { "1": "cropping", "2": "forestry", "3": "livestock", "4": "fishery", "5": "non-farm" };
export const LAND_USE_CODE = Object.fromEntries(Object.entries(LAND_USE_BY_CODE).map(([k, v]) => [v, k])) as Record<string, string>;
/** C.17 性别, C.19 是否. */
export const SEX_BY_CODE: Record<string, "male" | "female"> = { "1": "male", "2": "female" };
export const SEX_CODE = { male: "1", female: "2" } as const;
export const YES_NO: Record<string, boolean> = { "1": true, "2": false };
/** C.18 成员备注 7: 去世 (deceased). */
export const REMARK_DECEASED = "7";

/** The relation a GB/T 4761 two-digit code (YHZGX) stands for, or null. */
export function relationOfCode(code: string): Relation | null {
  for (const [relation, spec] of Object.entries(RELATION_CODES) as [Relation, (typeof RELATION_CODES)[Relation]][]) {
    if (spec.accepts.test(code)) return relation;
  }
  return null;
}

/** A date as the confirmation databases write it (YYYY-MM-DD, YYYY/M/D, YYYYMMDD, with an optional midnight time). */
export function parseNytDate(raw: string): string | null {
  const text = raw.trim().replace(/[ T]0?0:00(:00(\.0+)?)?$/, "");
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1900) return null;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A positive area with at most `places` decimals, in units of 10^-places; null if it is not one. */
const AREA = { 2: /^(0|[1-9]\d{0,10})(?:\.(\d{1,2}))?$/, 4: /^(0|[1-9]\d{0,8})(?:\.(\d{1,4}))?$/ } as const;
export function parseArea(raw: string, places: 2 | 4): number | null {
  // Integer arithmetic on the digits (at most 13 of them: exact in a double), no float ever holds a fraction.
  const m = AREA[places].exec(raw.trim());
  if (!m) return null;
  const units = Number(m[1]) * 10 ** places + Number((m[2] ?? "").padEnd(places, "0") || "0");
  return units > 0 ? units : null;
}
/** Areas as NY/T 2539 writes them: Float(15,2), two decimals. Mu kept to 4 places prints with up to 4. */
export const nytAreaM2 = (e2: number) => unitsText(e2, 2, 2);
export const nytAreaMu = (e4: number) => unitsText(e4, 4, 2);

/** Units of 10^-scale as a decimal string with at least `minPlaces` decimals (as quantities.ts fromUnits). */
function unitsText(units: number, scale: number, minPlaces: number): string {
  const digits = String(units).padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  if (fraction.length < minPlaces) fraction = fraction.padEnd(minPlaces, "0");
  return fraction ? `${whole}.${fraction}` : whole;
}

export type Fields = Record<string, string>;
export interface FieldIssue {
  field: string;
  code: RuleCode;
  message: string;
}

/**
 * What a row keeps beside the registry's records: `f` the unmodelled fields (non-empty ones), `o` modelled fields
 * whose text differs from the registry's own writing of the same value (`[as given, as the registry writes it]`);
 * the export gives the text back while the value is unchanged.
 */
export interface Kept {
  f: Record<string, string>;
  o: Record<string, [string, string]>;
}

/** The parsed row of each table: `modelled` maps each modelled field to the registry's writing of its value. */
export interface ParsedRow<T> {
  value: T;
  modelled: Record<string, string>;
}

export type RowResult<T> = { ok: true; row: ParsedRow<T> } | { ok: false; issues: FieldIssue[] };

/** Builds the kept part of a row from its fields and the registry's writing of the modelled ones. */
export function keptOf(table: NytTable, fields: Fields, modelled: Record<string, string>): Kept {
  const kept: Kept = { f: {}, o: {} };
  for (const name of NYT_HEADERS[table]) {
    const raw = fields[name] ?? "";
    if (name in modelled) {
      if (raw !== modelled[name]) kept.o[name] = [raw, modelled[name]!];
    } else if (raw !== "") kept.f[name] = raw;
  }
  return kept;
}

/** The row the export writes: the registry's values, with kept text where the value is still the imported one. */
export function rowOf(table: NytTable, current: Record<string, string>, kept: Kept | null): string[] {
  return NYT_HEADERS[table].map((name) => {
    if (name in current) {
      const override = kept?.o[name];
      return override && override[1] === current[name] ? override[0] : current[name]!;
    }
    return kept?.f[name] ?? "";
  });
}

// ---- per-table row parsing -----------------------------------------------------------------------------------------

class Checker {
  issues: FieldIssue[] = [];
  constructor(readonly fields: Fields) {}
  text(field: string, max: number): string {
    const value = (this.fields[field] ?? "").trim();
    if (value.length > max) this.fail(field, "import_field_too_long", `${field} has ${value.length} characters; NY/T 2539 allows ${max}.`);
    return value;
  }
  fail(field: string, code: RuleCode, message: string): void {
    this.issues.push({ field, code, message });
  }
  code<T>(field: string, table: Record<string, T>, what: string): T | null {
    const raw = (this.fields[field] ?? "").trim();
    const value = table[raw];
    if (value === undefined) {
      this.fail(field, "import_code_unknown", `${field} ${JSON.stringify(raw.slice(0, 10))} is not a ${what} code (${Object.keys(table).join(", ")}).`);
      return null;
    }
    return value;
  }
  date(field: string, optional = false): string | null {
    const raw = (this.fields[field] ?? "").trim();
    if (raw === "" && optional) return null;
    const date = parseNytDate(raw);
    if (date === null) this.fail(field, "date_malformed", `${field} ${JSON.stringify(raw.slice(0, 20))} is not a calendar date.`);
    return date;
  }
  area(field: string, places: 2 | 4, optional = false): number | null {
    const raw = (this.fields[field] ?? "").trim();
    if (raw === "" && optional) return null;
    const units = parseArea(raw, places);
    if (units === null) this.fail(field, "area_malformed", `${field} ${JSON.stringify(raw.slice(0, 20))} is not a positive area with at most ${places} decimals.`);
    return units;
  }
  identifier(field: string, check: (code: string) => RuleCode | null, what: string): string {
    const value = (this.fields[field] ?? "").trim();
    const rejected = check(value);
    if (rejected) this.fail(field, rejected, `${field} ${JSON.stringify(value.slice(0, 24))} is not a valid ${what} (${rejected.replace(/_/g, " ")}).`);
    return value;
  }
  /** An ID document (type C.15, number); numbers are never echoed in messages. */
  document(typeField: string, numberField: string) {
    const idType = this.code(typeField, ID_TYPE_BY_CODE, "document type (C.15)");
    const raw = (this.fields[numberField] ?? "").trim();
    if (idType === null) return null;
    const doc = normaliseDocument(idType, raw);
    if (typeof doc === "string") {
      this.fail(numberField, doc, `${numberField}: the ${idType} number fails its check (${doc.replace(/_/g, " ")}); the number is not shown here.`);
      return null;
    }
    return doc;
  }
  result<T>(value: T, modelled: Record<string, string>): RowResult<T> {
    return this.issues.length > 0 ? { ok: false, issues: this.issues } : { ok: true, row: { value, modelled } };
  }
}

const missing = (table: NytTable, fields: Fields): FieldIssue[] =>
  NYT_REQUIRED[table]
    .filter((f) => (fields[f] ?? "").trim() === "")
    .map((field) => ({ field, code: "import_field_required" as const, message: `${field} is mandatory (NY/T 2539) and empty.` }));

export interface IssuerRow {
  issuerCode: string;
}
export function parseFbf(fields: Fields): RowResult<IssuerRow> {
  const absent = missing("FBF", fields);
  if (absent.length) return { ok: false, issues: absent };
  const c = new Checker(fields);
  const issuerCode = c.identifier("FBFBM", checkIssuerCode, "issuing-party code");
  c.text("FBFMC", 50);
  if ((fields.FZRZJLX ?? "").trim() === "1" && (fields.FZRZJHM ?? "").trim() !== "") c.document("FZRZJLX", "FZRZJHM");
  if ((fields.FBFDCRQ ?? "").trim() !== "") c.date("FBFDCRQ");
  return c.result({ issuerCode }, { FBFBM: issuerCode });
}

export interface HouseholdRow {
  contractorCode: string;
  issuerCode: string;
  representative: { idType: IdType; idNumber: string };
  name: string;
}
export function parseCbf(fields: Fields): RowResult<HouseholdRow> {
  const absent = missing("CBF", fields);
  if (absent.length) return { ok: false, issues: absent };
  const c = new Checker(fields);
  const contractorCode = c.identifier("CBFBM", checkContractorCode, "contracting-party code");
  if ((fields.CBFLX ?? "").trim() !== "1")
    c.fail("CBFLX", "contractor_type_unsupported", `CBFLX ${JSON.stringify((fields.CBFLX ?? "").trim())}: only farm households (1) are imported; individuals (2) and organisations (3) are not yet registered here.`);
  else if (c.issues.length === 0 && contractorType(contractorCode) !== "household")
    c.fail("CBFBM", "contractor_code_not_household", `CBFBM sequence ${contractorCode.slice(14)} is not a household's (0001–8000).`);
  const name = c.text("CBFMC", 50);
  const doc = c.document("CBFZJLX", "CBFZJHM");
  c.text("CBFDZ", 100);
  for (const f of ["CBFDCRQ", "GSSHRQ"]) if ((fields[f] ?? "").trim() !== "") c.date(f);
  if (!doc) return c.result(null as never, {});
  return c.result(
    { contractorCode, issuerCode: contractorCode.slice(0, 14), representative: { idType: doc.idType, idNumber: doc.idNumber }, name },
    { CBFBM: contractorCode, CBFLX: "1", CBFMC: name, CBFZJLX: ID_TYPE_CODE[doc.idType], CBFZJHM: doc.idNumber },
  );
}

export interface MemberRow {
  contractorCode: string;
  name: string;
  idType: IdType;
  idNumber: string;
  sex: "male" | "female" | null;
  birthDate: string | null;
  relation: Relation;
  relationCode: string;
  coHolder: boolean;
  deceased: boolean;
}
export function parseJtcy(fields: Fields): RowResult<MemberRow> {
  const absent = missing("CBF_JTCY", fields);
  if (absent.length) return { ok: false, issues: absent };
  const c = new Checker(fields);
  const contractorCode = c.identifier("CBFBM", checkContractorCode, "contracting-party code");
  const name = c.text("CYXM", 50);
  const doc = c.document("CYZJLX", "CYZJHM");
  const statedSex = (fields.CYXB ?? "").trim() === "" ? null : c.code("CYXB", SEX_BY_CODE, "sex (C.17)");
  const relationCode = (fields.YHZGX ?? "").trim();
  const relation = relationOfCode(relationCode);
  if (relation === null) c.fail("YHZGX", "relation_code_mismatch", `YHZGX ${JSON.stringify(relationCode.slice(0, 4))} is not a GB/T 4761 relation code.`);
  const coHolder = (fields.SFGYR ?? "").trim() === "" ? false : c.code("SFGYR", YES_NO, "yes/no (C.19)");
  const deceased = (fields.CYBZ ?? "").trim() === REMARK_DECEASED;
  if (!doc || relation === null || coHolder === null) return c.result(null as never, {});
  // A resident ID number carries the sex; other documents take the row's CYXB.
  const sex = doc.sex ?? statedSex ?? null;
  return c.result(
    { contractorCode, name, idType: doc.idType, idNumber: doc.idNumber, sex, birthDate: doc.birthDate, relation, relationCode, coHolder, deceased },
    {
      CBFBM: contractorCode,
      CYXM: name,
      CYXB: sex ? SEX_CODE[sex] : "",
      CYZJLX: ID_TYPE_CODE[doc.idType],
      CYZJHM: doc.idNumber,
      YHZGX: relationCode,
      SFGYR: coHolder ? "1" : "2",
    },
  );
}

export interface ContractRow {
  contractCode: string;
  issuerCode: string;
  contractorCode: string;
  startsOn: string;
  endsOn: string;
}
export function parseCbht(fields: Fields): RowResult<ContractRow> {
  const absent = missing("CBHT", fields);
  if (absent.length) return { ok: false, issues: absent };
  const c = new Checker(fields);
  const contractCode = c.identifier("CBHTBM", checkContractCode, "contract code");
  const issuerCode = c.identifier("FBFBM", checkIssuerCode, "issuing-party code");
  const contractorCode = c.identifier("CBFBM", checkContractorCode, "contracting-party code");
  if (c.issues.length === 0 && contractCode.slice(0, 18) !== contractorCode)
    c.fail("CBHTBM", "contract_code_contractor_mismatch", `CBHTBM ${contractCode} is not CBFBM ${contractorCode} followed by J or Q.`);
  if (c.issues.length === 0 && !contractorCode.startsWith(issuerCode))
    c.fail("CBFBM", "contractor_code_outside_issuer", `CBFBM ${contractorCode} does not begin with FBFBM ${issuerCode}.`);
  const startsOn = c.date("CBQXQ");
  const endsOn = c.date("CBQXZ");
  if (startsOn && endsOn && endsOn <= startsOn) c.fail("CBQXZ", "contract_term_invalid", `The term ends (${endsOn}) before it starts (${startsOn}).`);
  if ((fields.QDSJ ?? "").trim() !== "") c.date("QDSJ");
  if ((fields.CBDKZS ?? "").trim() !== "" && !/^\d{1,3}$/.test((fields.CBDKZS ?? "").trim())) c.fail("CBDKZS", "count_malformed", "CBDKZS is not a whole number of plots.");
  for (const f of ["HTZMJ", "HTZMJM", "YHTZMJ", "YHTZMJM"]) if ((fields[f] ?? "").trim() !== "") c.area(f, 2);
  return c.result(
    { contractCode, issuerCode, contractorCode, startsOn: startsOn!, endsOn: endsOn! },
    { CBHTBM: contractCode, FBFBM: issuerCode, CBFBM: contractorCode, CBQXQ: startsOn ?? "", CBQXZ: endsOn ?? "" },
  );
}

export interface ContractPlotRow {
  plotCode: string;
  issuerCode: string;
  contractorCode: string;
  contractCode: string;
  certificateCode: string;
}
export function parseCbdkxx(fields: Fields): RowResult<ContractPlotRow> {
  const absent = missing("CBDKXX", fields);
  if (absent.length) return { ok: false, issues: absent };
  const c = new Checker(fields);
  const plotCode = c.identifier("DKBM", checkPlotCode, "plot code");
  const issuerCode = c.identifier("FBFBM", checkIssuerCode, "issuing-party code");
  const contractorCode = c.identifier("CBFBM", checkContractorCode, "contracting-party code");
  const contractCode = c.identifier("CBHTBM", checkContractCode, "contract code");
  const certificateCode = (fields.CBJYQZBM ?? "").trim();
  if (c.issues.length === 0 && !plotCode.startsWith(issuerCode))
    c.fail("DKBM", "plot_code_outside_issuer", `Plot ${plotCode} does not belong to issuing party ${issuerCode} (its first 14 digits differ).`);
  if (c.issues.length === 0 && contractCode.slice(0, 18) !== contractorCode)
    c.fail("CBHTBM", "contract_code_contractor_mismatch", `CBHTBM ${contractCode} is not CBFBM ${contractorCode} followed by J or Q.`);
  for (const f of ["HTMJ", "YHTMJ", "HTMJM", "YHTMJM"]) if ((fields[f] ?? "").trim() !== "") c.area(f, 2);
  return c.result({ plotCode, issuerCode, contractorCode, contractCode, certificateCode }, { DKBM: plotCode, FBFBM: issuerCode, CBFBM: contractorCode, CBHTBM: contractCode });
}

export interface PlotRow {
  plotCode: string;
  issuerCode: string;
  name: string | null;
  areaMuE4: number;
  areaM2E2: number;
  landUse: string;
  category: string;
  basicFarmland: boolean;
  boundaries: { east: string; south: string; west: string; north: string };
}
export function parseDk(fields: Fields): RowResult<PlotRow> {
  const absent = missing("DK", fields);
  if (absent.length) return { ok: false, issues: absent };
  const c = new Checker(fields);
  const plotCode = c.identifier("DKBM", checkPlotCode, "plot code");
  const name = c.text("DKMC", 50);
  const category = c.code("DKLB", CATEGORY_BY_CODE, "plot category (C.7)");
  const landUse = c.code("TDYT", LAND_USE_BY_CODE, "land use (C.9)");
  const basic = (fields.SFJBNT ?? "").trim() === "" ? false : c.code("SFJBNT", YES_NO, "yes/no (C.19)");
  const m2 = c.area("SCMJ", 2);
  // SCMJM (mu) is optional: without it the area in mu is computed exactly (1 mu = 10000/15 m²), half-even.
  const mu = (fields.SCMJM ?? "").trim() === "" ? (m2 === null ? null : muE4OfM2E2(m2)) : c.area("SCMJM", 4);
  const east = c.text("DKDZ", 254), west = c.text("DKXZ", 254), south = c.text("DKNZ", 254), north = c.text("DKBZ", 254);
  if (category === null || landUse === null || basic === null || m2 === null || mu === null) return c.result(null as never, {});
  return c.result(
    { plotCode, issuerCode: plotCode.slice(0, 14), name: name === "" ? null : name, areaMuE4: mu, areaM2E2: m2, landUse, category, basicFarmland: basic, boundaries: { east, south, west, north } },
    {
      DKBM: plotCode,
      DKMC: name,
      DKLB: CATEGORY_CODE[category]!,
      TDYT: LAND_USE_CODE[landUse]!,
      SFJBNT: basic ? "1" : "2",
      SCMJ: nytAreaM2(m2),
      SCMJM: nytAreaMu(mu),
      DKDZ: east,
      DKXZ: west,
      DKNZ: south,
      DKBZ: north,
    },
  );
}

function muE4OfM2E2(m2E2: number): number {
  // m² × 3 / 2000 = mu; in units: muE4 = m2E2 × 3 / 20, half-even on the exact rational.
  const n = m2E2 * 3;
  const q = Math.floor(n / 20);
  const r = n - q * 20;
  return r > 10 || (r === 10 && q % 2 === 1) ? q + 1 : q;
}

export interface CertificateRow {
  certificateCode: string;
}
export function parseCbjyqz(fields: Fields): RowResult<CertificateRow> {
  const absent = missing("CBJYQZ", fields);
  if (absent.length) return { ok: false, issues: absent };
  const c = new Checker(fields);
  const certificateCode = c.identifier("CBJYQZBM", checkContractCode, "certificate code");
  if ((fields.FZRQ ?? "").trim() !== "") c.date("FZRQ");
  if ((fields.QZLQRQ ?? "").trim() !== "") c.date("QZLQRQ");
  return c.result({ certificateCode }, { CBJYQZBM: certificateCode });
}

export interface CollectiveRow {
  issuerCode: string;
  creditCode: string;
  level: "group" | "village" | "township";
  name: string;
  regionCode: string;
}
/** collectives.csv: the region code is read from the issuer code (village or group: 12 digits; township: 9). */
export function parseCollectiveRow(fields: Fields, check: (facts: { code: string; name: string; level: CollectiveRow["level"]; regionCode: string; issuerCode: string }) => RuleCode | null): RowResult<CollectiveRow> {
  const absent = missing("collectives", fields);
  if (absent.length) return { ok: false, issues: absent };
  const c = new Checker(fields);
  const issuerCode = c.identifier("issuerCode", checkIssuerCode, "issuing-party code");
  const level = c.code("level", { group: "group", village: "village", township: "township" } as const, "level (group, village, township)");
  const name = c.text("name", 100);
  const creditCode = (fields.creditCode ?? "").trim().toUpperCase();
  if (c.issues.length > 0 || level === null) return c.result(null as never, {});
  const regionCode = level === "township" ? issuerCode.slice(0, 9) : issuerCode.slice(0, 12);
  const rejected = check({ code: creditCode, name, level, regionCode, issuerCode });
  if (rejected) c.fail(rejected.startsWith("credit") ? "creditCode" : "issuerCode", rejected, `${rejected.replace(/_/g, " ")} (credit code ${creditCode}, issuer ${issuerCode}, level ${level}).`);
  return c.result({ issuerCode, creditCode, level, name, regionCode }, { issuerCode, creditCode, level, name });
}
