/**
 * A synthetic county in the NY/T 2539-2016 layout (domain.md §3.1), for the county import (issue 8).
 *
 * `generateCounty({ households, seed, badRows })` is a generator of rows, one table row at a time, in household
 * order: a village's FBF row and its collectives.csv row first, then for each household its CBF row, CBF_JTCY rows,
 * CBHT row, and per plot its DK and CBDKXX rows, then its CBJYQZ row. Nothing of the county is kept but a few
 * counters (ID-number sequences per birth date), so a 300,000-household county streams in constant memory.
 * Deterministic for a seed (mulberry32); no clock, no I/O.
 *
 * Layout: county 371083 乳山市; villages of 250–350 households (village-level issuers, group "00"), 10 villages
 * per township (township codes 101…, village codes 201…); 4–5 members and 3–8 plots per household; one household
 * contract (J, acquisition 110) per household covering all its plots; one certificate per contract (code = contract
 * code). A few members carry legacy documents: 15-digit ID numbers (parents) and household-book numbers (C.15 type 4,
 * newborns). Areas: contract and measured areas in m² and in mu, 2 decimals (1 mu = 10000/15 m²).
 *
 * `badRows: N` spreads N deliberately bad rows over the county, each a `BadRow` (table, field, rule code, the
 * validator that must refuse it) attached to the row that carries it; the writer adds the file and line.
 */
import { creditCodeCheckCharacter, organizationCodeCheckCharacter, residentIdCheckCharacter } from "../../src/domain/identifiers/index.js";
import { NYT_HEADERS } from "../../src/domain/nyt2539.js";

export const COUNTY_CODE = "371083";
export const COUNTY_NAME = "乳山市";

/** NY/T 2539-2016 field names, in the order written (domain.md §3.1): the import's and the export's own. */
export const HEADERS = NYT_HEADERS;

export type TableName = keyof typeof HEADERS;
export const TABLES = Object.keys(HEADERS) as TableName[];
export const fileOf = (table: TableName) => `${table}.csv`;

/** The rule codes the importer is expected to report for each kind of bad row. */
export type BadRule =
  | "id_number_check_character_mismatch"
  | "plot_code_outside_issuer"
  | "contractor_not_found"
  | "plot_already_contracted"
  | "date_malformed";

export interface BadRow {
  table: TableName;
  field: string;
  rule: BadRule;
  /** What refuses it: a registry validator by name, or the cross-reference that fails. */
  validator: string;
  note: string;
}

export interface CountyRow {
  table: TableName;
  fields: string[];
  bad?: BadRow;
}

export interface CountyOptions {
  households: number;
  seed?: number;
  badRows?: number;
}

function mulberry32(seed: number) {
  // as test/support/prng.ts (not imported: seeds/ does not depend on test/)
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = "孙王李张刘于宋姜林徐丛杨赵高隋曲郭马滕初".split("");
const GIVEN = "建国秀英志强红梅玉兰明华海燕春生桂芳文军德胜淑珍金凤永福立新丽娟晓东成".split("");
const TOWNSHIPS = ["城区", "夏村", "乳山口", "海阳所", "白沙滩", "大孤山", "南黄", "冯家", "下初", "午极", "育黎", "崖子", "诸往", "乳山寨", "徐家"];
const VILLAGE_NAMES = "东西南北前后上下大小".split("");
const VILLAGE_SUFFIX = ["庄", "家", "疃", "村", "岭", "沟", "口", "泊", "格庄", "家庄"];
const FIELDS = ["东大田", "西洼地", "南岭", "北坡", "河滩地", "后场", "老茔地", "沟东", "场院", "长条地"];
const NEIGHBOURS = ["路", "渠", "沟", "河", "山", "林地", "机耕路", "生产路"];
const SURVEYORS = ["乳山市农业农村局确权工作组", "山东某测绘有限公司"];
/** Counties people marry in from (GB/T 2260): 乳山 itself, 文登, 荣成, 海阳, 牟平. */
const BIRTH_COUNTIES = [COUNTY_CODE, COUNTY_CODE, COUNTY_CODE, COUNTY_CODE, "371081", "371082", "370687", "370612"];
const VILLAGES_PER_TOWNSHIP = 10;
const BAD_KINDS: BadRule[] = [
  "id_number_check_character_mismatch",
  "plot_code_outside_issuer",
  "contractor_not_found",
  "plot_already_contracted",
  "date_malformed",
];
/** An issuer in the county that issues nothing in the generated data (township 199, village 999). */
const FOREIGN_ISSUER = `${COUNTY_CODE}19999900`;

const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** Hundredths as "d.dd". */
const cents = (n: number) => `${Math.floor(n / 100)}.${pad(n % 100, 2)}`;
const DAY_MS = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function* generateCounty(options: CountyOptions): Generator<CountyRow> {
  const households = Math.floor(options.households);
  const badRows = Math.floor(options.badRows ?? 0);
  if (!(households >= 1)) throw new Error("households must be at least 1");
  if (badRows < 0 || badRows > households) throw new Error("bad rows must be between 0 and the number of households");
  const random = mulberry32(options.seed ?? 1);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1)); // inclusive
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const personName = (surname: string) => surname + pick(GIVEN) + (random() < 0.7 ? pick(GIVEN) : "");
  const dateBetween = (from: string, to: string) => {
    const a = Date.parse(from + "T00:00:00Z");
    const b = Date.parse(to + "T00:00:00Z");
    return dateOf(a + Math.floor(random() * ((b - a) / DAY_MS + 1)) * DAY_MS);
  };
  const phone = () => `1${pick(["3", "5", "8"])}${pad(int(0, 999_999_999), 9)}`;

  // Resident ID numbers, unique by construction: per (address, birth date, sex) a counter over the 500 sequences
  // of that sex, starting at an offset drawn once per key.
  const sequences = new Map<string, { offset: number; used: number }>();
  const residentId = (address: string, birthDate: string, sex: 1 | 2) => {
    const birth = birthDate.replace(/-/g, "");
    const key = address + birth + sex;
    let s = sequences.get(key);
    if (s === undefined) sequences.set(key, (s = { offset: int(0, 499), used: 0 }));
    if (s.used >= 500) throw new Error(`resident ID sequences exhausted for ${key}`);
    const seq = ((s.offset + s.used++) % 500) * 2 + (sex === 1 ? 1 : 0); // odd = male
    const body = `${address}${birth}${pad(seq, 3)}`;
    return body + residentIdCheckCharacter(body);
  };

  // Where the bad rows go: spread evenly over the households, kinds in turn.
  const badAt = new Map<number, BadRule[]>();
  for (let i = 0; i < badRows; i++) {
    const h = Math.floor(((i + 0.5) * households) / badRows);
    badAt.set(h, [...(badAt.get(h) ?? []), BAD_KINDS[i % BAD_KINDS.length]!]);
  }

  let household = 0; // global index
  let bsm = 0;
  for (let village = 0; household < households; village++) {
    const size = Math.min(int(250, 350), households - household);
    const township = Math.floor(village / VILLAGES_PER_TOWNSHIP);
    const townshipCode = pad(101 + township, 3);
    const villageCode = pad(201 + (village % VILLAGES_PER_TOWNSHIP), 3);
    const issuer = `${COUNTY_CODE}${townshipCode}${villageCode}00`;
    const townName = TOWNSHIPS[township % TOWNSHIPS.length]! + (township >= TOWNSHIPS.length ? String(Math.floor(township / TOWNSHIPS.length) + 1) : "");
    const villageName = pick(VILLAGE_NAMES) + pick(SURNAMES) + pick(VILLAGE_SUFFIX);
    const issuerName = `${COUNTY_NAME}${townName}镇${villageName}村股份经济合作社`;
    const address = `山东省威海市${COUNTY_NAME}${townName}镇${villageName}村`;
    const orgBody = `MA${pad(village + 1, 6)}`;
    const first17 = `N2${COUNTY_CODE}${orgBody}${organizationCodeCheckCharacter(orgBody)}`;
    const surveyDate = dateBetween("2015-03-01", "2016-10-31");
    const surveyor = pick(SURVEYORS);
    const headSurname = pick(SURNAMES);
    yield { table: "collectives", fields: [issuer, first17 + creditCodeCheckCharacter(first17), "village", issuerName] };
    yield {
      table: "FBF",
      fields: [issuer, issuerName, personName(headSurname), "1", residentId(COUNTY_CODE, dateBetween("1955-01-01", "1980-12-31"), 1), phone(), address, "264500", surveyor, surveyDate, ""],
    };

    let plotSeq = 0;
    let previous: { contractor: string; contract: string } | null = null;
    for (let h = 1; h <= size; h++, household++) {
      const bad = [...(badAt.get(household) ?? [])];
      const take = (rule: BadRule) => {
        const i = bad.indexOf(rule);
        if (i < 0) return false;
        bad.splice(i, 1);
        return true;
      };
      // A plot in two contracts needs an earlier household of the same village: move it on to the next one.
      if (previous === null && bad.includes("plot_already_contracted")) {
        take("plot_already_contracted");
        badAt.set(household + 1, [...(badAt.get(household + 1) ?? []), "plot_already_contracted"]);
      }
      const contractor = issuer + pad(h, 4);
      const contract = contractor + "J";

      // Members: head, spouse, two children, and in a 5-member household a parent of the head.
      const nMembers = random() < 0.55 ? 4 : 5;
      const surname = pick(SURNAMES);
      const headSex: 1 | 2 = random() < 0.88 ? 1 : 2;
      const headBirth = dateBetween("1950-01-01", "1985-12-31");
      const headYear = Number(headBirth.slice(0, 4));
      type Member = { name: string; sex: 1 | 2; idNumber: string; relation: string; remark: string };
      const members: Member[] = [];
      const head: Member = { name: personName(surname), sex: headSex, idNumber: residentId(COUNTY_CODE, headBirth, headSex), relation: "02", remark: "" };
      members.push(head);
      const spouseSex: 1 | 2 = headSex === 1 ? 2 : 1;
      const spouseAddress = pick(BIRTH_COUNTIES);
      const spouseBirth = dateBetween(`${headYear - 4}-01-01`, `${headYear + 4}-12-31`);
      members.push({ name: personName(pick(SURNAMES)), sex: spouseSex, idNumber: residentId(spouseAddress, spouseBirth, spouseSex), relation: "10", remark: "" });
      for (let k = 0; k < 2; k++) {
        const sex: 1 | 2 = random() < 0.52 ? 1 : 2;
        const birth = dateBetween(`${Math.min(headYear + 20, 2015)}-01-01`, `${Math.min(headYear + 36, 2016)}-12-31`);
        members.push({ name: personName(surname), sex, idNumber: residentId(COUNTY_CODE, birth, sex), relation: sex === 1 ? "20" : "30", remark: birth > "2014-01-01" ? "6" : "" });
      }
      if (nMembers === 5) {
        const sex: 1 | 2 = random() < 0.5 ? 1 : 2;
        const birth = dateBetween(`${Math.max(1920, headYear - 35)}-01-01`, `${Math.max(1925, headYear - 20)}-12-31`);
        members.push({ name: personName(sex === 1 ? surname : pick(SURNAMES)), sex, idNumber: residentId(COUNTY_CODE, birth, sex), relation: sex === 1 ? "51" : "52", remark: "" });
      }
      const cbfSurvey = dateBetween(surveyDate, "2016-12-31");
      const noticeReview = dateOf(Date.parse(cbfSurvey + "T00:00:00Z") + int(10, 40) * DAY_MS);
      yield {
        table: "CBF",
        fields: [contractor, "1", head.name, "1", head.idNumber, address, "264500", random() < 0.8 ? phone() : "", String(members.length), cbfSurvey, surveyor, "", "", personName(headSurname), noticeReview, personName(pick(SURNAMES))],
      };
      const badMember = take("id_number_check_character_mismatch") ? int(1, members.length - 1) : -1;
      for (const [k, m] of members.entries()) {
        let idNumber = m.idNumber;
        let badRow: BadRow | undefined;
        if (k === badMember) {
          const right = idNumber[17]!;
          const wrong = "0123456789X"[("0123456789X".indexOf(right) + int(1, 10)) % 11]!;
          idNumber = idNumber.slice(0, 17) + wrong;
          badRow = { table: "CBF_JTCY", field: "CYZJHM", rule: "id_number_check_character_mismatch", validator: "parseResidentId", note: `check character ${wrong}, should be ${right}` };
        }
        // Legacy documents, chosen from the number itself (no extra draws, so a seed's county stays the same):
        // ~1 in 50 parents still carries a 15-digit number (GB 11643-1989, upgraded on import); ~1 in 10 newborns is
        // listed by the household register book (C.15 type 4) rather than an ID card.
        let idType = "1";
        const seq = Number(idNumber.slice(14, 17));
        if (!badRow && (m.relation === "51" || m.relation === "52") && seq % 50 < 2) idNumber = idNumber.slice(0, 6) + idNumber.slice(8, 17);
        else if (!badRow && m.remark === "6" && seq % 10 === 0) (idType = "4"), (idNumber = `HK${contractor.slice(6)}${k}`);
        yield { table: "CBF_JTCY", fields: [contractor, m.name, String(m.sex), idType, idNumber, m.relation, m.remark, "1", ""], ...(badRow ? { bad: badRow } : {}) };
      }

      // Plots: 3–8, 0.30–3.00 mu each.
      const nPlots = int(3, 8);
      const plots: { code: string; muE2: number; m2E2: number }[] = [];
      for (let k = 0; k < nPlots; k++) {
        plotSeq++;
        if (plotSeq > 99_999) throw new Error("more than 99,999 plots in one village");
        const muE2 = int(30, 300);
        plots.push({ code: issuer + pad(plotSeq, 5), muE2, m2E2: Math.round((muE2 * 10_000) / 15) });
      }
      const totalMu = plots.reduce((s, p) => s + p.muE2, 0);
      const totalM2 = plots.reduce((s, p) => s + p.m2E2, 0);
      const signed = dateBetween("2016-03-01", "2017-06-30");
      let signedField = signed;
      let signedBad: BadRow | undefined;
      if (take("date_malformed")) {
        signedField = `${signed.slice(0, 4)}-02-30`;
        signedBad = { table: "CBHT", field: "QDSJ", rule: "date_malformed", validator: "ISO calendar date YYYY-MM-DD", note: `${signedField} is not a date` };
      }
      yield {
        table: "CBHT",
        fields: [contract, "", issuer, contractor, "110", "1998-10-01", "2028-09-30", cents(totalM2), String(nPlots), signedField, cents(totalMu), cents(totalM2), cents(totalMu)],
        ...(signedBad ? { bad: signedBad } : {}),
      };
      const foreignPlot = take("plot_code_outside_issuer") ? int(0, nPlots - 1) : -1;
      for (const [k, p] of plots.entries()) {
        const quality = pad(int(1, 10), 2);
        const basic = random() < 0.8;
        yield {
          table: "DK",
          fields: [String(++bsm), "211011", p.code, pick(FIELDS), "30", "10", pick(["011", "012", "013"]), quality, random() < 0.95 ? "1" : "2", basic ? "1" : "2", cents(p.m2E2), cents(p.muE2), pick(NEIGHBOURS), personName(pick(SURNAMES)), pick(NEIGHBOURS), personName(pick(SURNAMES)), "", head.name],
        };
        let plotCode = p.code;
        let badRow: BadRow | undefined;
        if (k === foreignPlot) {
          plotCode = FOREIGN_ISSUER + p.code.slice(14);
          badRow = { table: "CBDKXX", field: "DKBM", rule: "plot_code_outside_issuer", validator: "DKBM[0..14] == FBFBM", note: `plot ${plotCode} belongs to issuer ${FOREIGN_ISSUER}, not ${issuer}` };
        }
        yield {
          table: "CBDKXX",
          fields: [plotCode, issuer, contractor, "110", cents(p.m2E2), contract, "", contract, cents(p.m2E2), cents(p.muE2), cents(p.muE2), "2"],
          ...(badRow ? { bad: badRow } : {}),
        };
      }
      if (previous !== null && take("plot_already_contracted")) {
        // The household's first plot, also listed under the previous household's contract.
        const p = plots[0]!;
        yield {
          table: "CBDKXX",
          fields: [p.code, issuer, previous.contractor, "110", cents(p.m2E2), previous.contract, "", previous.contract, cents(p.m2E2), cents(p.muE2), cents(p.muE2), "2"],
          bad: { table: "CBDKXX", field: "DKBM", rule: "plot_already_contracted", validator: "a DKBM in at most one CBHTBM", note: `plot ${p.code} is in ${contract} and ${previous.contract}` },
        };
      }
      const issued = dateBetween("2017-07-01", "2018-06-30");
      yield { table: "CBJYQZ", fields: [contract, `${COUNTY_NAME}人民政府`, issued, "1", dateOf(Date.parse(issued + "T00:00:00Z") + int(3, 60) * DAY_MS), head.name, "1", head.idNumber] };

      if (take("contractor_not_found")) {
        // A contract of a contracting party that has no CBF row: sequence 7xxx, beyond any village's households.
        const ghost = issuer + pad(7000 + h, 4);
        yield {
          table: "CBHT",
          fields: [ghost + "J", "", issuer, ghost, "110", "1998-10-01", "2028-09-30", cents(totalM2), "0", signed, cents(totalMu), cents(totalM2), cents(totalMu)],
          bad: { table: "CBHT", field: "CBFBM", rule: "contractor_not_found", validator: "CBHT.CBFBM ∈ CBF.CBFBM", note: `no CBF row ${ghost}` },
        };
      }
      if (bad.length > 0) throw new Error(`bad rows not placed at household ${household}: ${bad.join(", ")}`);
      previous = { contractor, contract };
    }
  }
  const unplaced = [...badAt.entries()].filter(([h]) => h >= households);
  if (unplaced.length > 0) throw new Error(`bad rows not placed: ${unplaced.flatMap(([, k]) => k).join(", ")}`);
}
