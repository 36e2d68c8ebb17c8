import { Decimal } from "decimal.js";
import { registerCollective } from "../src/commands/collectives/register-collective.js";
import type { CommandContext } from "../src/commands/context.js";
import { getCapTable } from "../src/commands/equity/get-cap-table.js";
import { issueShares, type IssuanceInput } from "../src/commands/equity/issue-shares.js";
import { registerHomestead, type HomesteadInput } from "../src/commands/homesteads/register-homestead.js";
import { registerHousehold } from "../src/commands/households/register-household.js";
import { registerContract } from "../src/commands/land/register-contract.js";
import { registerPlot, type PlotInput } from "../src/commands/land/register-plot.js";
import { admitMember } from "../src/commands/members/admit-member.js";
import { listMembers } from "../src/commands/members/list-members.js";
import { listHouseholdRegistrations } from "../src/commands/persons/read-persons.js";
import { recordHouseholdRegistration } from "../src/commands/persons/record-household-registration.js";
import { registerPerson } from "../src/commands/persons/register-person.js";
import { recordResolution, type ResolutionInput } from "../src/commands/resolutions/record.js";
import type { Relation } from "../src/domain/households.js";
import { residentIdCheckCharacter } from "../src/domain/identifiers/index.js";
import type { MembershipBasis } from "../src/domain/membership.js";

/**
 * A demo collective — 午极村 in 乳山市午极镇 (Weihai, Shandong) — loaded through the same commands the API uses,
 * so every record passes the registry's own rules. The division, issuer and county codes are real (domain.md §1.3);
 * the credit code is the synthetic one of domain.md §1.2; people, plots and homesteads are invented.
 *
 * Idempotent: the commands answer the existing record for the same facts. Admissions, hukou facts and the share
 * issuance are not natural-key commands, so they are skipped where the register already holds them.
 */

export const DEMO_COLLECTIVE = {
  code: "N2371083MA0QW7T334",
  name: "乳山市午极镇午极村股份经济合作社",
  level: "village" as const,
  regionCode: "371083108201", // 午极村委会 (NBS statistical code)
  issuerCode: "37108310820100", // village-level issuing party: group part 00
};
const RULES = { homesteadMaxAreaM2: "200", equityHoldingCapPercent: "5", noticeDays: 7 };

/** The 2018 reform (产权制度改革) confirmed the members then living; later births and marriages were admitted after. */
const REFORM = { joinedOn: "2018-11-30", resolutionRef: "午极村成员大会决议〔2018〕3号（成员身份确认）" };
const ISSUANCE_REF = "午极村成员大会决议〔2021〕2号（折股量化方案）";

/**
 * The members' general meetings behind the register (RCEO Law Arts. 12, 26–27): the reform's confirmation, the later
 * confirmations of members by marriage and birth, and the quantification of shares. Each passed: at least 2/3 of the
 * members with full civil capacity present, and 2/3 of all of them for.
 */
const MEETINGS: ResolutionInput[] = [
  { ref: REFORM.resolutionRef, body: "general-meeting", heldOn: "2018-11-30", eligible: 31, present: 28, votesFor: 27, votesAgainst: 0, matters: ["member-confirmation"] },
  { ref: "午极村成员大会决议〔2019〕2号", body: "general-meeting", heldOn: "2019-04-20", eligible: 31, present: 24, votesFor: 23, votesAgainst: 1, matters: ["member-confirmation"] },
  { ref: "午极村成员大会决议〔2020〕1号", body: "general-meeting", heldOn: "2020-01-15", eligible: 32, present: 25, votesFor: 25, votesAgainst: 0, matters: ["member-confirmation"] },
  { ref: "午极村成员大会决议〔2021〕1号", body: "general-meeting", heldOn: "2021-01-20", eligible: 32, present: 27, votesFor: 26, votesAgainst: 1, matters: ["member-confirmation"] },
  { ref: ISSUANCE_REF, body: "general-meeting", heldOn: "2021-06-10", eligible: 33, present: 30, votesFor: 28, votesAgainst: 2, matters: ["equity-issuance"] },
];
/** Second-round contracting (二轮承包) in Shandong: 30 years from 1998. */
const CONTRACT_TERM = { startsOn: "1998-10-01", endsOn: "2028-09-30" };
const HOME_COUNTY = "371083"; // 乳山市

interface Hukou {
  kind: "rural" | "urban";
  regionCode: string;
  effectiveOn: string;
  place: string;
}

interface MemberSeed {
  name: string;
  relation: Relation;
  relationCode: string;
  born: string;
  /** GB/T 2260 county where the ID number was first issued (it never changes); default 乳山市. */
  idCounty?: string;
  basis?: Exclude<MembershipBasis, "original">;
  joinedOn?: string;
  resolutionRef?: string;
  /** Hukou facts to record, oldest first. Evidence only: they change no right. */
  hukou?: Hukou[];
}

interface PlotSeed {
  name: string;
  areaMu: string;
  /** [east, south, west, north] 四至 */
  bounds: [string, string, string, string];
  measured?: boolean;
  outline?: { lon: number; lat: number; aspect: number };
}

interface HouseholdSeed {
  members: MemberSeed[];
  plots: PlotSeed[];
  homestead?: Omit<HomesteadInput, "unitNumber" | "contractorCode">;
}

const JINAN_LIXIA = { regionCode: "370102", place: "济南市历下区" };
const QINGDAO_SHINAN = { regionCode: "370202", place: "青岛市市南区" };
const village = (effectiveOn: string): Hukou => ({ kind: "rural", regionCode: DEMO_COLLECTIVE.regionCode, effectiveOn, place: "乳山市午极镇午极村" });

/** Relation codes are GB/T 4761: 02 户主, 10 配偶, 22 长子, 30 女, 32 长女, 38 儿媳, 41 孙子, 42 孙女, 52 母亲. */
const HOUSEHOLDS: HouseholdSeed[] = [
  {
    members: [
      { name: "孙建国", relation: "head", relationCode: "02", born: "1958-03-12" },
      { name: "于秀兰", relation: "spouse", relationCode: "10", born: "1960-07-21" },
      {
        name: "孙志强",
        relation: "son",
        relationCode: "22",
        born: "1984-11-05",
        hukou: [village("1984-11-05"), { kind: "urban", effectiveOn: "2006-09-01", ...JINAN_LIXIA }],
      },
      { name: "孙晓燕", relation: "daughter", relationCode: "32", born: "1987-01-19" },
    ],
    plots: [
      { name: "东岭地", areaMu: "1.2500", bounds: ["生产路", "于德顺地", "水渠", "山岭"], measured: true, outline: { lon: 121.3921, lat: 36.9318, aspect: 1.2 } },
      { name: "河西洼", areaMu: "0.86", bounds: ["小河", "刘长河地", "机耕路", "王立新地"] },
      { name: "场院后", areaMu: "0.53", bounds: ["场院", "生产路", "宋振华地", "田埂"] },
    ],
    homestead: { areaM2: "186.40", approvedOn: "1992-04-15", origin: "grant", approvalRef: "乳山县宅基地批准书（92）午字第037号" },
  },
  {
    members: [
      { name: "于德顺", relation: "head", relationCode: "02", born: "1941-02-18" },
      { name: "王桂英", relation: "spouse", relationCode: "10", born: "1943-09-30" },
    ],
    plots: [
      { name: "北山坡", areaMu: "1.60", bounds: ["荒坡", "孙建国地", "林地", "山顶"] },
      { name: "南大洼", areaMu: "2.15", bounds: ["张广福地", "河沟", "生产路", "于海涛地"] },
    ],
    // Built before the 1982 village-building rules; registered as it stands, over today's cap, with its annotation.
    homestead: { areaM2: "230.00", approvedOn: "1979-05-20", origin: "existing", note: "1982年《村镇建房用地管理条例》施行前建房，按现状面积登记" },
  },
  {
    members: [
      { name: "于海涛", relation: "head", relationCode: "02", born: "1966-05-09" },
      { name: "宋美玲", relation: "spouse", relationCode: "10", born: "1968-12-14" },
      { name: "于波", relation: "son", relationCode: "22", born: "1991-08-23" },
      {
        name: "于倩",
        relation: "daughter",
        relationCode: "30",
        born: "1993-04-02",
        hukou: [village("1993-04-02"), { kind: "urban", effectiveOn: "2011-09-01", ...QINGDAO_SHINAN }],
      },
      {
        name: "刘婷",
        relation: "daughter",
        relationCode: "38",
        born: "1994-03-17",
        idCounty: "370683", // 莱州市: married into the village
        basis: "marriage",
        joinedOn: "2019-05-01",
        resolutionRef: "午极村成员大会决议〔2019〕2号",
        hukou: [{ kind: "rural", regionCode: "370683", effectiveOn: "1994-03-17", place: "莱州市" }, village("2019-05-20")],
      },
      { name: "于子轩", relation: "grandchild", relationCode: "41", born: "2019-10-08", basis: "birth", joinedOn: "2019-10-08", resolutionRef: "午极村成员大会决议〔2020〕1号" },
    ],
    plots: [
      { name: "大湾地", areaMu: "2.3400", bounds: ["于德顺地", "水渠", "生产路", "松树林"], measured: true, outline: { lon: 121.3978, lat: 36.9286, aspect: 1.8 } },
      { name: "井沿地", areaMu: "1.02", bounds: ["老井", "孙福来地", "田埂", "王德明地"] },
      { name: "松树岭", areaMu: "0.75", bounds: ["林地", "山岭", "刘卫东地", "荒坡"] },
    ],
    homestead: { areaM2: "198.00", approvedOn: "1994-03-18", origin: "grant", approvalRef: "乳土宅字（1994）第112号" },
  },
  {
    members: [
      { name: "王立新", relation: "head", relationCode: "02", born: "1962-10-11" },
      { name: "姜淑芬", relation: "spouse", relationCode: "10", born: "1964-01-25" },
      {
        name: "王磊",
        relation: "son",
        relationCode: "22",
        born: "1988-06-30",
        hukou: [village("1988-06-30"), { kind: "urban", effectiveOn: "2010-07-15", ...JINAN_LIXIA }],
      },
      { name: "王敏", relation: "daughter", relationCode: "30", born: "1990-02-14" },
      { name: "张玉兰", relation: "mother", relationCode: "52", born: "1940-12-03" },
    ],
    plots: [
      { name: "庙后地", areaMu: "1.88", bounds: ["庙址", "生产路", "孙建国地", "山脚"] },
      { name: "西河滩", areaMu: "1.1250", bounds: ["河堤", "宋振华地", "小河", "刘长河地"] },
      { name: "沙岭", areaMu: "0.96", bounds: ["机耕路", "荒坡", "张海军地", "沙岭顶"] },
    ],
    homestead: { areaM2: "175.60", approvedOn: "1989-06-10", origin: "grant", approvalRef: "乳山县宅基地批准书（89）午字第021号" },
  },
  {
    members: [
      { name: "宋振华", relation: "head", relationCode: "02", born: "1970-04-16" },
      { name: "刘红", relation: "spouse", relationCode: "10", born: "1972-08-08", idCounty: "371323" }, // 沂水县
      { name: "宋佳怡", relation: "daughter", relationCode: "32", born: "1996-09-19" },
    ],
    plots: [
      { name: "南岭地", areaMu: "1.40", bounds: ["张海军地", "山岭", "生产路", "孙建国地"] },
      { name: "老坟前", areaMu: "0.66", bounds: ["林地", "田埂", "于永胜地", "水渠"] },
    ],
    homestead: { areaM2: "160.00", approvedOn: "1995-10-08", origin: "grant", approvalRef: "乳土宅字（1995）第208号" },
  },
  {
    members: [
      { name: "刘长河", relation: "head", relationCode: "02", born: "1948-11-02" },
      { name: "孙玉珍", relation: "spouse", relationCode: "10", born: "1950-06-06" },
    ],
    plots: [
      { name: "东河沿", areaMu: "1.32", bounds: ["河堤", "王立新地", "生产路", "于海涛地"] },
      { name: "北洼地", areaMu: "1.05", bounds: ["水渠", "机耕路", "孙福来地", "村北机动地"] },
    ],
    homestead: { areaM2: "200.00", approvedOn: "1978-04-01", origin: "grant", approvalRef: "午极公社建房审批（78）第12号" },
  },
  {
    members: [
      { name: "刘卫东", relation: "head", relationCode: "02", born: "1975-07-07" },
      { name: "于丽娟", relation: "spouse", relationCode: "10", born: "1977-03-03" },
      { name: "刘思雨", relation: "daughter", relationCode: "32", born: "2001-12-12" },
    ],
    plots: [
      { name: "苹果园", areaMu: "2.00", bounds: ["生产路", "松树岭", "宋振华地", "荒坡"] },
      { name: "西岭", areaMu: "0.58", bounds: ["田埂", "林地", "山岭", "于永胜地"] },
    ],
    homestead: { areaM2: "150.00", approvedOn: "2003-05-16", origin: "grant", approvalRef: "乳国土宅字〔2003〕第088号" },
  },
  {
    members: [
      { name: "张广福", relation: "head", relationCode: "02", born: "1955-09-09" },
      { name: "宋桂芝", relation: "spouse", relationCode: "10", born: "1957-02-02" },
      { name: "张伟", relation: "son", relationCode: "22", born: "1980-10-10" },
      { name: "李娜", relation: "daughter", relationCode: "38", born: "1982-04-04", idCounty: "370681" }, // 龙口市
      { name: "张梓涵", relation: "grandchild", relationCode: "42", born: "2008-08-08" },
      { name: "张一诺", relation: "grandchild", relationCode: "41", born: "2020-09-15", basis: "birth", joinedOn: "2020-09-15", resolutionRef: "午极村成员大会决议〔2021〕1号" },
    ],
    plots: [
      { name: "大北洼", areaMu: "2.8500", bounds: ["机耕路", "于德顺地", "河沟", "村北机动地"], measured: true, outline: { lon: 121.3893, lat: 36.9351, aspect: 2.5 } },
      { name: "小河沿", areaMu: "1.4375", bounds: ["小河", "田埂", "刘长河地", "生产路"] },
      { name: "场西", areaMu: "0.92", bounds: ["场院", "王德明地", "水渠", "孙福来地"] },
    ],
    homestead: { areaM2: "195.30", approvedOn: "1986-09-22", origin: "grant", approvalRef: "乳山县宅基地批准书（86）午字第064号" },
  },
  {
    members: [
      { name: "孙福来", relation: "head", relationCode: "02", born: "1952-12-24" },
      { name: "孙国庆", relation: "son", relationCode: "22", born: "1979-10-01" },
      { name: "王芳", relation: "daughter", relationCode: "38", born: "1983-05-15" },
      { name: "孙浩", relation: "grandchild", relationCode: "41", born: "2010-01-18" },
    ],
    plots: [
      { name: "东洼", areaMu: "1.76", bounds: ["生产路", "刘长河地", "于海涛地", "水渠"] },
      { name: "南河滩", areaMu: "1.2250", bounds: ["河堤", "小河", "张广福地", "田埂"] },
    ],
    homestead: { areaM2: "168.50", approvedOn: "1983-07-14", origin: "grant", approvalRef: "乳山县宅基地批准书（83）午字第009号" },
  },
  {
    members: [
      { name: "于永胜", relation: "head", relationCode: "02", born: "1968-02-29" },
      { name: "林秀梅", relation: "spouse", relationCode: "10", born: "1969-11-11" },
      { name: "于晓东", relation: "son", relationCode: "22", born: "1994-07-19" },
      {
        name: "徐静",
        relation: "daughter",
        relationCode: "38",
        born: "1996-05-05",
        idCounty: "370683", // 莱州市
        basis: "marriage",
        joinedOn: "2020-10-01",
        resolutionRef: "午极村成员大会决议〔2021〕1号",
      },
    ],
    plots: [
      { name: "岭后", areaMu: "1.55", bounds: ["山岭", "刘卫东地", "荒坡", "林地"] },
      { name: "西大地", areaMu: "2.40", bounds: ["宋振华地", "生产路", "机耕路", "河沟"] },
      { name: "沟东", areaMu: "0.50", bounds: ["田埂", "水渠", "河沟", "王德明地"] },
    ],
    homestead: { areaM2: "180.50", approvedOn: "2024-05-20", origin: "grant", approvalRef: "乳宅批〔2024〕015号" },
  },
  {
    // No homestead registered: the old couple lives in their late son's house, whose title is not yet settled.
    members: [
      { name: "王德明", relation: "head", relationCode: "02", born: "1946-03-08" },
      { name: "于淑英", relation: "spouse", relationCode: "10", born: "1949-10-20" },
    ],
    plots: [
      { name: "山前地", areaMu: "1.10", bounds: ["于海涛地", "生产路", "山脚", "林地"] },
      { name: "南坡", areaMu: "0.8750", bounds: ["荒坡", "田埂", "张广福地", "沟东"] },
    ],
  },
  {
    members: [
      { name: "张海军", relation: "head", relationCode: "02", born: "1965-12-01" },
      { name: "孙静", relation: "spouse", relationCode: "10", born: "1967-09-09" },
      { name: "张雨桐", relation: "daughter", relationCode: "32", born: "1990-03-21" },
      { name: "张子墨", relation: "son", relationCode: "22", born: "1993-11-20" },
    ],
    plots: [
      { name: "东岭下", areaMu: "1.65", bounds: ["生产路", "王立新地", "山岭", "宋振华地"] },
      { name: "碾盘地", areaMu: "1.30", bounds: ["碾盘", "水渠", "田埂", "生产路"] },
    ],
    homestead: { areaM2: "190.00", approvedOn: "1991-11-05", origin: "grant", approvalRef: "乳山县宅基地批准书（91）午字第045号" },
  },
];

/** 机动地 kept back by the collective (NY/T 2539 C.7 code 22): registered, contracted to no household. */
const RESERVED_PLOTS: PlotSeed[] = [
  { name: "村北机动地", areaMu: "2.60", bounds: ["机耕路", "北洼地", "大北洼", "山脚"], measured: true, outline: { lon: 121.3905, lat: 36.9372, aspect: 1.5 } },
  { name: "河东机动地", areaMu: "1.80", bounds: ["河堤", "生产路", "小河", "林地"] },
  { name: "窑场边", areaMu: "0.70", bounds: ["旧窑场", "田埂", "机耕路", "荒坡"] },
];

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const contractorCodeOf = (seq: number) => DEMO_COLLECTIVE.issuerCode + pad(seq, 4);
const plotCodeOf = (seq: number) => DEMO_COLLECTIVE.issuerCode + pad(seq, 5);
/** 乳山市 + 地籍区 108 (午极镇) + 地籍子区 201 (午极村) + JC (collective land, homestead) + parcel + house 0001 unit 0001. */
const unitNumberOf = (seq: number) => `${DEMO_COLLECTIVE.regionCode}JC${pad(seq, 5)}F00010001`;

/** A GB 11643 number: county + birth date + 2-digit sequence + sex digit (odd male, even female) + MOD 11-2 check. */
function residentId(county: string, born: string, index: number, female: boolean): string {
  const sexDigit = (index % 5) * 2 + (female ? 0 : 1);
  const body = `${county}${born.replace(/-/g, "")}${pad(10 + (index % 90), 2)}${sexDigit}`;
  return body + residentIdCheckCharacter(body);
}

const FEMALE_RELATION_CODES = new Set(["10", "30", "32", "38", "42", "52"]);
/** 10 配偶 is female here because every head in this village is a man (the usual 户主 in the 1998 register). */
const isFemale = (m: MemberSeed) => FEMALE_RELATION_CODES.has(m.relationCode);

/** m² from mu, exactly: 1 mu = 10000/15 m². */
const m2Of = (areaMu: string) => new Decimal(areaMu).times(2000).dividedBy(3).toFixed(2);

/** A rectangle of the plot's measured area around a corner point (1° lat ≈ 110.95 km; 1° lon ≈ 88.8 km at 36.9° N). */
function outlineOf(areaMu: string, o: NonNullable<PlotSeed["outline"]>) {
  const areaM2 = Number(m2Of(areaMu));
  const width = Math.sqrt(areaM2 * o.aspect);
  const height = areaM2 / width;
  const dLon = width / 88_800;
  const dLat = height / 110_950;
  const at = (lon: number, lat: number): [number, number] => [Number(lon.toFixed(7)), Number(lat.toFixed(7))];
  return {
    type: "Polygon" as const,
    coordinates: [[at(o.lon, o.lat), at(o.lon + dLon, o.lat), at(o.lon + dLon, o.lat + dLat), at(o.lon, o.lat + dLat), at(o.lon, o.lat)]],
  };
}

function plotInput(seq: number, p: PlotSeed, category: "contracted" | "reserved"): PlotInput {
  const [east, south, west, north] = p.bounds;
  return {
    plotCode: plotCodeOf(seq),
    name: p.name,
    areaMu: p.areaMu,
    ...(p.measured ? { areaM2: m2Of(p.areaMu) } : {}),
    landUse: "cropping",
    category,
    basicFarmland: category === "contracted",
    boundaries: { east, south, west, north },
    ...(p.outline ? { geometry: outlineOf(p.areaMu, p.outline) } : {}),
  };
}

/** 农龄股: 0.2 share per year of working age (from 16, not before the 1956 cooperatives) up to the 2018 base date, at most 50 years. */
function seniorityShares(born: string): string | null {
  const start = Math.max(Number(born.slice(0, 4)) + 16, 1956);
  const years = Math.min(Math.max(2019 - start, 0), 50);
  return years === 0 ? null : new Decimal(years).times("0.2").toString();
}

export interface ExamplePerson {
  personId: string;
  name: string;
  idNumber: string;
  description: string;
  urbanHukou: { regionCode: string; place: string; since: string } | null;
}

export interface SeedSummary {
  collective: { code: string; name: string };
  counts: {
    persons: number;
    members: number;
    households: number;
    plots: number;
    reservedPlots: number;
    landContracts: number;
    homesteads: number;
    totalShares: string;
    resolutions: number;
  };
  /** What this run added; all zero (and false) when the demo was already loaded. */
  created: {
    collective: boolean;
    persons: number;
    resolutions: number;
    householdRegistrations: number;
    members: number;
    households: number;
    plots: number;
    landContracts: number;
    homesteads: number;
    shareIssuance: boolean;
  };
  notes: string[];
  examples: {
    persons: ExamplePerson[];
    plotCode: string;
    contractorCode: string;
    contractCode: string;
    unitNumber: string;
    /** A 机动地 plot under no contract, and the legacy homestead registered over the cap with its annotation. */
    reservedPlotCode: string;
    overAreaUnitNumber: string;
  };
}

interface SeededPerson {
  seed: MemberSeed;
  id: string;
  idNumber: string;
  household: number;
}

/** Loads the demo village through the commands. Safe to run again: the second run changes nothing. */
export async function seedDemoVillage(ctx: CommandContext): Promise<SeedSummary> {
  const code = DEMO_COLLECTIVE.code;
  const notes: string[] = [];
  const collective = await registerCollective(ctx, { ...DEMO_COLLECTIVE, rules: RULES });
  if (!collective.created) notes.push(`Collective ${code} already registered; its rules are left as they are.`);

  const people = await registerPeople(ctx);
  const resolutions = await recordMeetings(ctx, code);
  const hukouFacts = await recordHukou(ctx, people, notes);
  const admitted = await admitMembers(ctx, code, people, notes);
  const land = await registerHouseholdsAndLand(ctx, code, people);
  const issued = await issueInitialShares(ctx, code, people, notes);

  const [members, capTable] = await Promise.all([listMembers(ctx, code, "active"), getCapTable(ctx, code)]);
  return {
    collective: { code, name: DEMO_COLLECTIVE.name },
    counts: {
      persons: people.length,
      members: members.length,
      households: HOUSEHOLDS.length,
      plots: land.plots,
      reservedPlots: RESERVED_PLOTS.length,
      landContracts: land.contracts,
      homesteads: land.homesteads,
      totalShares: capTable.totalShares,
      resolutions: MEETINGS.length,
    },
    created: {
      collective: collective.created,
      persons: people.filter((p) => p.created).length,
      resolutions,
      householdRegistrations: hukouFacts,
      members: admitted,
      households: land.created.households,
      plots: land.created.plots,
      landContracts: land.created.contracts,
      homesteads: land.created.homesteads,
      shareIssuance: issued,
    },
    notes,
    examples: {
      persons: examplePersons(people),
      plotCode: plotCodeOf(1),
      contractorCode: contractorCodeOf(1),
      contractCode: `${contractorCodeOf(1)}J`,
      unitNumber: unitNumberOf(1),
      reservedPlotCode: plotCodeOf(land.plots),
      overAreaUnitNumber: land.overAreaUnitNumber,
    },
  };
}

async function registerPeople(ctx: CommandContext): Promise<(SeededPerson & { created: boolean })[]> {
  const out: (SeededPerson & { created: boolean })[] = [];
  let index = 0;
  for (const [h, household] of HOUSEHOLDS.entries()) {
    for (const seed of household.members) {
      const idNumber = residentId(seed.idCounty ?? HOME_COUNTY, seed.born, index++, isFemale(seed));
      const { created, person } = await registerPerson(ctx, { idNumber, name: seed.name });
      out.push({ seed, id: person.id, idNumber, household: h, created });
    }
  }
  return out;
}

/** The meetings are natural-key records: the same facts again change nothing. Answers how many were new. */
async function recordMeetings(ctx: CommandContext, code: string): Promise<number> {
  let created = 0;
  for (const meeting of MEETINGS) if ((await recordResolution(ctx, code, meeting)).created) created++;
  return created;
}

/** Hukou facts are appended, never matched: a person who already has a history is left alone. */
async function recordHukou(ctx: CommandContext, people: SeededPerson[], notes: string[]): Promise<number> {
  let recorded = 0;
  let skipped = 0;
  for (const p of people.filter((x) => x.seed.hukou)) {
    if ((await listHouseholdRegistrations(ctx, p.id)).length > 0) {
      skipped++;
      continue;
    }
    for (const { kind, regionCode, effectiveOn } of p.seed.hukou ?? []) {
      await recordHouseholdRegistration(ctx, p.id, { kind, regionCode, effectiveOn });
      recorded++;
    }
  }
  if (skipped > 0) notes.push(`Hukou history already recorded for ${skipped} persons; skipped.`);
  return recorded;
}

/** Admission is no natural-key command (a second call is 409 already_a_member): admit only who is not yet a member. */
async function admitMembers(ctx: CommandContext, code: string, people: SeededPerson[], notes: string[]): Promise<number> {
  const known = new Set((await listMembers(ctx, code, "all")).map((m) => m.person.id));
  const missing = people.filter((p) => !known.has(p.id));
  if (missing.length < people.length) notes.push(`${people.length - missing.length} of ${people.length} persons already members; admitting ${missing.length}.`);
  for (const p of missing) {
    const { basis, joinedOn, resolutionRef } = p.seed.basis
      ? { basis: p.seed.basis, joinedOn: p.seed.joinedOn ?? p.seed.born, resolutionRef: p.seed.resolutionRef }
      : { basis: "original" as const, ...REFORM };
    await admitMember(ctx, code, { personId: p.id, joinedOn, basis, ...(resolutionRef ? { resolutionRef } : {}) });
  }
  return missing.length;
}

async function registerHouseholdsAndLand(ctx: CommandContext, code: string, people: SeededPerson[]) {
  const created = { households: 0, plots: 0, contracts: 0, homesteads: 0 };
  let plotSeq = 0;
  let homesteadSeq = 0;
  let overAreaUnitNumber = "";
  for (const [h, household] of HOUSEHOLDS.entries()) {
    const contractorCode = contractorCodeOf(h + 1);
    const members = people.filter((p) => p.household === h);
    const registered = await registerHousehold(ctx, code, {
      contractorCode,
      representativeId: members[0]!.id,
      members: members.map((m) => ({ personId: m.id, relation: m.seed.relation, relationCode: m.seed.relationCode, coHolder: true })),
    });
    if (registered.created) created.households++;

    const plotCodes: string[] = [];
    for (const plot of household.plots) {
      const input = plotInput(++plotSeq, plot, "contracted");
      if ((await registerPlot(ctx, code, input)).created) created.plots++;
      plotCodes.push(input.plotCode);
    }
    const contract = await registerContract(ctx, code, {
      contractCode: `${contractorCode}J`,
      contractorCode,
      plotCodes,
      ...CONTRACT_TERM,
      certificateNo: `鲁(2018)乳山市农村土地承包经营权第${pad(1200 + h + 1, 6)}号`,
    });
    if (contract.created) created.contracts++;

    if (household.homestead) {
      const homestead = await registerHomestead(ctx, code, { unitNumber: unitNumberOf(++homesteadSeq), contractorCode, ...household.homestead });
      if (homestead.created) created.homesteads++;
      if (homestead.homestead.annotations.some((a) => a.code === "over-area")) overAreaUnitNumber = homestead.homestead.unitNumber;
    }
  }
  for (const plot of RESERVED_PLOTS) {
    if ((await registerPlot(ctx, code, plotInput(++plotSeq, plot, "reserved"))).created) created.plots++;
  }
  return { created, plots: plotSeq, contracts: HOUSEHOLDS.length, homesteads: homesteadSeq, overAreaUnitNumber };
}

/** One issuance (折股量化): 10 population shares per member, seniority shares, 100 collective shares. Once only. */
async function issueInitialShares(ctx: CommandContext, code: string, people: SeededPerson[], notes: string[]): Promise<boolean> {
  const current = await getCapTable(ctx, code);
  if (!new Decimal(current.totalShares).isZero()) {
    notes.push(`Shares already issued in ${code} (${current.totalShares}); skipping the issuance.`);
    return false;
  }
  const allocations: IssuanceInput["allocations"] = people.flatMap((p) => {
    const seniority = seniorityShares(p.seed.born);
    return [
      { personId: p.id, shareClass: "population" as const, shares: "10" },
      ...(seniority ? [{ personId: p.id, shareClass: "seniority" as const, shares: seniority }] : []),
    ];
  });
  await issueShares(ctx, code, { resolutionRef: ISSUANCE_REF, allocations, collectiveShares: "100" });
  return true;
}

function examplePersons(people: SeededPerson[]): ExamplePerson[] {
  const pick = (name: string, description: string): ExamplePerson => {
    const p = people.find((x) => x.seed.name === name)!;
    const urban = [...(p.seed.hukou ?? [])].reverse().find((f) => f.kind === "urban");
    return {
      personId: p.id,
      name: p.seed.name,
      idNumber: p.idNumber,
      description,
      urbanHukou: urban ? { regionCode: urban.regionCode, place: urban.place, since: urban.effectiveOn } : null,
    };
  };
  return [
    pick("孙建国", `head of household ${contractorCodeOf(1)} (land contract ${contractorCodeOf(1)}J, homestead ${unitNumberOf(1)})`),
    pick("孙志强", "eldest son (长子, 22) of that household; hukou in 济南市历下区 since 2006, still a member with all rights"),
    pick("刘婷", "married in from 莱州市 in 2019 (basis marriage); her son 于子轩 is a member by birth"),
  ];
}
