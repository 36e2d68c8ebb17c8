import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { movableClock, type MovableClock } from "../../src/lib/clock.js";
import type { Db } from "../../src/storage/db.js";
import { Router } from "../../src/storage/router.js";
import { contractorCode, createToken, expectProblem, GROUP, idNumber, plotCode, recordResolution, registerContract, registerHousehold, registerPlot, unitNumber, VILLAGE } from "../support/fixtures.js";
import { testKeyring } from "../support/keys.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * GET /v1/statistics/series: registered transfers and withdrawals per month of their registration (CST), counted
 * and summed exactly, and who holds the shares today by residence. The story moves "today" from 2024-05 to
 * 2026-11-27. In the village (371083): 孙志强 (moved to Jinan, urban hukou) sells 1 share for ¥1,000.00 in June
 * 2024 (before the default window), then 1 share for ¥0.10 and 1 for ¥0.20 in January 2025 (the sum must be
 * exactly 0.30); 于海涛 withdraws 1 share for ¥50.25 in March 2025; 孙志强's household transfers a plot to 于海涛's
 * for ¥18,000.00 in June 2026; 于海涛's household withdraws from its homestead for ¥96,000.00 on 2026-11-27; a
 * cancelled transfer and a pending withdrawal count nowhere; 王老汉 (6 shares) dies: a non-member holding. In the
 * group (370114, another county): an urban member sells 2 of his 10.5 shares for ¥500.00 on 2026-11-27.
 */
type Tally = { count: number; amountSum: string };
type BySubject = { all: Tally; equity: Tally; landContract: Tally; homestead: Tally };
type Series = {
  regionPrefix: string;
  from: string;
  to: string;
  asOf: string;
  months: { month: string; transfers: BySubject; withdrawals: BySubject }[];
  totals: { transfers: BySubject; withdrawals: BySubject };
  sharesByResidence: {
    asOf: string;
    membersWithUrbanHukou: { shares: string; holdings: number };
    otherMembers: { shares: string; holdings: number };
    nonMembers: { shares: string; holdings: number };
    collectives: { shares: string };
  };
  partial: boolean;
  unavailable: string[];
};

const ZERO: Tally = { count: 0, amountSum: "0.00" };
const NONE: BySubject = { all: ZERO, equity: ZERO, landContract: ZERO, homestead: ZERO };
const only = (subject: keyof Omit<BySubject, "all">, count: number, amountSum: string): BySubject => ({ ...NONE, all: { count, amountSum }, [subject]: { count, amountSum } });

/** The 24 months up to November 2026 (the default window on 2026-11-27). */
const DEFAULT_MONTHS = Array.from({ length: 24 }, (_, i) => {
  const n = 2024 * 12 + 11 + i;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
});

const VILLAGE_MONTHS: Record<string, Partial<{ transfers: BySubject; withdrawals: BySubject }>> = {
  "2025-01": { transfers: only("equity", 2, "0.30") },
  "2025-03": { withdrawals: only("equity", 1, "50.25") },
  "2026-06": { transfers: only("landContract", 1, "18000.00") },
  "2026-11": { withdrawals: only("homestead", 1, "96000.00") },
};
const GROUP_MONTHS: typeof VILLAGE_MONTHS = { "2026-11": { transfers: only("equity", 1, "500.00") } };
const BOTH_MONTHS: typeof VILLAGE_MONTHS = { ...VILLAGE_MONTHS, "2026-11": { ...VILLAGE_MONTHS["2026-11"], ...GROUP_MONTHS["2026-11"] } };

function monthsOf(months: string[], filled: typeof VILLAGE_MONTHS) {
  return months.map((month) => ({ month, transfers: filled[month]?.transfers ?? NONE, withdrawals: filled[month]?.withdrawals ?? NONE }));
}

const VILLAGE_SHARES = {
  asOf: TODAY,
  membersWithUrbanHukou: { shares: "9", holdings: 1 },
  otherMembers: { shares: "14", holdings: 1 },
  nonMembers: { shares: "6", holdings: 1 },
  collectives: { shares: "1" },
};
const BOTH_SHARES = {
  asOf: TODAY,
  membersWithUrbanHukou: { shares: "17.5", holdings: 2 },
  otherMembers: { shares: "16", holdings: 2 },
  nonMembers: { shares: "6", holdings: 1 },
  collectives: { shares: "1" },
};
const NO_SHARES = { asOf: TODAY, membersWithUrbanHukou: { shares: "0", holdings: 0 }, otherMembers: { shares: "0", holdings: 0 }, nonMembers: { shares: "0", holdings: 0 }, collectives: { shares: "0" } };

const VILLAGE_SERIES = {
  from: "2024-12",
  to: "2026-11",
  asOf: TODAY,
  months: monthsOf(DEFAULT_MONTHS, VILLAGE_MONTHS),
  totals: {
    transfers: { all: { count: 3, amountSum: "18000.30" }, equity: { count: 2, amountSum: "0.30" }, landContract: { count: 1, amountSum: "18000.00" }, homestead: ZERO },
    withdrawals: { all: { count: 2, amountSum: "96050.25" }, equity: { count: 1, amountSum: "50.25" }, landContract: ZERO, homestead: { count: 1, amountSum: "96000.00" } },
  },
  sharesByResidence: VILLAGE_SHARES,
  partial: false,
  unavailable: [],
};

const BOTH_SERIES = {
  ...VILLAGE_SERIES,
  months: monthsOf(DEFAULT_MONTHS, BOTH_MONTHS),
  totals: {
    transfers: { all: { count: 4, amountSum: "18500.30" }, equity: { count: 3, amountSum: "500.30" }, landContract: { count: 1, amountSum: "18000.00" }, homestead: ZERO },
    withdrawals: VILLAGE_SERIES.totals.withdrawals,
  },
  sharesByResidence: BOTH_SHARES,
};

const ZERO_SERIES = { ...VILLAGE_SERIES, months: monthsOf(DEFAULT_MONTHS, {}), totals: { transfers: NONE, withdrawals: NONE }, sharesByResidence: NO_SHARES };

async function post(world: World, path: string, body: unknown, status = 200) {
  const res = await world.request("POST", path, { body });
  expect(res.status, res.text).toBe(status);
  return res.body;
}

async function memberIn(world: World, collective: typeof VILLAGE | typeof GROUP, index: number, name: string) {
  const person = await post(world, "/v1/persons", { idNumber: idNumber(index), name, regionCode: collective.regionCode }, 201);
  await post(world, `/v1/collectives/${collective.code}/members`, { personId: person.id, joinedOn: "2020-01-01", basis: "original" }, 201);
  return person as { id: string };
}

/** Applies on `date` (today), approves at once (notice of 0 days) and pays: registered that day, or left as asked. */
async function registerOn(world: World, clock: MovableClock, date: string, path: "transfers" | "withdrawals", body: Record<string, unknown>, end: "registered" | "cancelled" | "pending" = "registered") {
  clock.set(date);
  const applied = await post(world, `/v1/${path}`, { agreementSignedOn: date, ...body }, 201);
  if (end === "pending") return;
  if (end === "cancelled") return void (await post(world, `/v1/${path}/${applied.id}/cancellation`, { reason: "双方协商解除" }));
  await post(world, `/v1/${path}/${applied.id}/approval`, { resolutionRef: "理事会决定〔2024〕3号", decidedOn: date });
  await post(world, `/v1/${path}/${applied.id}/payment`, { amount: body.price ?? body.compensation, paidOn: date, reference: "农商银行转账" });
}

/** The story above, through the API; ends with today = 2026-11-27. */
async function buildRegion(world: World, clock: MovableClock) {
  clock.set("2024-05-01");
  for (const collective of [VILLAGE, GROUP]) await post(world, "/v1/collectives", { ...collective, rules: { noticeDays: 0 } }, 201);
  const moved = await memberIn(world, VILLAGE, 1, "孙志强");
  const stayed = await memberIn(world, VILLAGE, 2, "于海涛");
  const elder = await memberIn(world, VILLAGE, 3, "王老汉");
  await post(world, `/v1/persons/${moved.id}/household-registrations`, { kind: "rural", regionCode: VILLAGE.regionCode, effectiveOn: "1985-06-15" }, 201);
  await post(world, `/v1/persons/${moved.id}/household-registrations`, { kind: "urban", regionCode: "370102", effectiveOn: "2023-05-01" }, 201);
  await post(world, `/v1/persons/${stayed.id}/household-registrations`, { kind: "rural", regionCode: VILLAGE.regionCode, effectiveOn: "1990-01-01" }, 201);
  await registerHousehold(world, VILLAGE, 1, [{ personId: moved.id }]);
  await registerHousehold(world, VILLAGE, 2, [{ personId: stayed.id }]);
  await registerPlot(world, VILLAGE, 1, "1.50");
  await registerPlot(world, VILLAGE, 2, "0.75");
  await registerContract(world, VILLAGE, 1, [1, 2]);
  await post(
    world,
    `/v1/collectives/${VILLAGE.code}/homesteads`,
    { unitNumber: unitNumber(VILLAGE.regionCode, 1), contractorCode: contractorCode(VILLAGE.issuerCode, 2), areaM2: "150.00", approvedOn: "2000-01-01", origin: "grant" },
    201,
  );
  const ref = await recordResolution(world, VILLAGE.code, ["equity-issuance"]);
  const allocations = [
    { personId: moved.id, shareClass: "population", shares: "12" },
    { personId: stayed.id, shareClass: "population", shares: "12" },
    { personId: elder.id, shareClass: "population", shares: "6" },
  ];
  await post(world, `/v1/collectives/${VILLAGE.code}/equity/issuances`, { resolutionRef: ref, allocations }, 201);
  const grouper = await memberIn(world, GROUP, 7, "组员甲");
  const neighbour = await memberIn(world, GROUP, 8, "组员乙");
  await post(world, `/v1/persons/${grouper.id}/household-registrations`, { kind: "urban", regionCode: "370102", effectiveOn: "2022-01-01" }, 201);
  const groupRef = await recordResolution(world, GROUP.code, ["equity-issuance"]);
  await post(world, `/v1/collectives/${GROUP.code}/equity/issuances`, { resolutionRef: groupRef, allocations: [{ personId: grouper.id, shareClass: "population", shares: "10.5" }] }, 201);

  const shares = (from: string, to: string, count: string, price: string) => ({ kind: "equity", collectiveCode: VILLAGE.code, from: { personId: from }, to: { personId: to }, shares: count, price });
  await registerOn(world, clock, "2024-06-10", "transfers", shares(moved.id, stayed.id, "1", "1000.00"));
  await registerOn(world, clock, "2025-01-05", "transfers", shares(moved.id, stayed.id, "1", "0.10"));
  await registerOn(world, clock, "2025-01-31", "transfers", shares(moved.id, stayed.id, "1", "0.20"));
  await registerOn(world, clock, "2025-03-31", "withdrawals", { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: stayed.id }, shares: "1", compensation: "50.25" });
  await registerOn(world, clock, "2026-06-15", "transfers", {
    kind: "land-contract",
    collectiveCode: VILLAGE.code,
    from: { contractorCode: contractorCode(VILLAGE.issuerCode, 1) },
    to: { contractorCode: contractorCode(VILLAGE.issuerCode, 2) },
    plotCodes: [plotCode(VILLAGE.issuerCode, 2)],
    price: "18000.00",
  });
  await registerOn(world, clock, TODAY, "withdrawals", {
    kind: "homestead",
    collectiveCode: VILLAGE.code,
    from: { contractorCode: contractorCode(VILLAGE.issuerCode, 2) },
    unitNumber: unitNumber(VILLAGE.regionCode, 1),
    compensation: "96000.00",
  });
  await registerOn(world, clock, TODAY, "transfers", shares(moved.id, stayed.id, "1", "7000.00"), "cancelled");
  await registerOn(world, clock, TODAY, "withdrawals", { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: stayed.id }, shares: "1", compensation: "80.00" }, "pending");
  await post(world, `/v1/collectives/${VILLAGE.code}/members/${elder.id}/termination`, { reason: "death", effectiveOn: "2026-11-01" });
  await registerOn(world, clock, TODAY, "transfers", { kind: "equity", collectiveCode: GROUP.code, from: { personId: grouper.id }, to: { personId: neighbour.id }, shares: "2", price: "500.00" });
  return { moved };
}

async function series(world: World, query = "", token?: string): Promise<Series> {
  const res = await world.request("GET", `/v1/statistics/series${query ? `?${query}` : ""}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body as Series;
}

let world: World;
let tokens: Record<"registrar" | "bureauVillage" | "bureauGroup" | "bureauProvince" | "holder", string>;

beforeAll(async () => {
  const clock = movableClock("2024-05-01");
  world = await createWorld(clock);
  const { moved } = await buildRegion(world, clock);
  tokens = {
    registrar: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    bureauVillage: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauGroup: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    bureauProvince: await createToken(world, { role: "bureau", regionPrefix: "37" }),
    holder: await createToken(world, { role: "holder", personId: moved.id }),
  };
}, 60_000);
afterAll(() => world.close());

describe("GET /v1/statistics/series", () => {
  describe("accepts", () => {
    it("counts each month of the last 24 exactly, zeros included, by subject and all together", async () => {
      expect(await series(world, "regionPrefix=371083")).toEqual({ regionPrefix: "371083", ...VILLAGE_SERIES });
    });

    it("adds up a wider prefix, and everything for an admin who names none", async () => {
      expect(await series(world, "regionPrefix=37")).toEqual({ regionPrefix: "37", ...BOTH_SERIES });
      expect(await series(world)).toEqual({ regionPrefix: "", ...BOTH_SERIES });
    });

    it("sums amounts exactly: ¥0.10 and ¥0.20 registered in one month are ¥0.30", async () => {
      const january = (await series(world, "regionPrefix=371083&from=2025-01&to=2025-01")).months;
      expect(january).toEqual([{ month: "2025-01", transfers: only("equity", 2, "0.30"), withdrawals: NONE }]);
    });

    it("counts only registered applications: cancelled and pending ones are in no month", async () => {
      const november = (await series(world, "regionPrefix=371083&from=2026-11&to=2026-11")).months[0]!;
      expect(november.transfers).toEqual(NONE);
      expect(november.withdrawals).toEqual(only("homestead", 1, "96000.00"));
    });

    it("takes any window: both ends, only the first (24 months from it), only the last (24 months up to it)", async () => {
      const year = await series(world, "regionPrefix=371083&from=2024-01&to=2024-12");
      expect(year.months.map((m) => m.month)).toEqual(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]);
      expect(year.totals.transfers).toEqual(only("equity", 1, "1000.00"));
      expect(year.months.find((m) => m.month === "2024-06")!.transfers).toEqual(only("equity", 1, "1000.00"));
      const fromOnly = await series(world, "from=2024-06");
      expect([fromOnly.from, fromOnly.to, fromOnly.months.length]).toEqual(["2024-06", "2026-05", 24]);
      expect(fromOnly.totals.transfers.all).toEqual({ count: 3, amountSum: "1000.30" });
      const toOnly = await series(world, "to=2025-01");
      expect([toOnly.from, toOnly.to, toOnly.months.length]).toEqual(["2023-02", "2025-01", 24]);
      const decade = await series(world, "from=2016-12&to=2026-11");
      expect(decade.months).toHaveLength(120);
      expect(decade.totals.transfers.all).toEqual({ count: 5, amountSum: "19500.30" });
    });

    it("tells who holds the shares today: members living in cities, other members, non-members, the collectives — adding up to the shares issued", async () => {
      const { sharesByResidence } = await series(world, "regionPrefix=37");
      expect(sharesByResidence).toEqual(BOTH_SHARES);
      const statistics = await world.request("GET", "/v1/statistics?regionPrefix=37");
      expect(statistics.body.shares.issued).toBe("40.5"); // 9 + 8.5 urban, 14 + 2 other, 6 non-member, 1 collective
    });

    it("narrows a bureau to its own prefix, and gives a bureau of another region zeros", async () => {
      expect(await series(world, "", tokens.bureauVillage)).toEqual({ regionPrefix: "371083", ...VILLAGE_SERIES });
      expect(await series(world, "regionPrefix=37", tokens.bureauVillage)).toEqual({ regionPrefix: "371083", ...VILLAGE_SERIES });
      expect(await series(world, "", tokens.bureauProvince)).toEqual({ regionPrefix: "37", ...BOTH_SERIES });
      expect(await series(world, "regionPrefix=371083", tokens.bureauGroup)).toEqual({ regionPrefix: "371083", ...ZERO_SERIES });
      expect((await series(world, "", tokens.bureauGroup)).totals.transfers).toEqual(only("equity", 1, "500.00"));
    });

    it("counts a registrar's own collective only", async () => {
      expect(await series(world, "", tokens.registrar)).toEqual({ regionPrefix: VILLAGE.regionCode, ...VILLAGE_SERIES });
      expect(await series(world, "regionPrefix=37", tokens.registrar)).toEqual({ regionPrefix: "37", ...VILLAGE_SERIES });
      expect(await series(world, "regionPrefix=370114", tokens.registrar)).toEqual({ regionPrefix: "370114", ...ZERO_SERIES });
    });
  });

  describe("rejects", () => {
    it.each([
      ["a month 13", "from=2025-13"],
      ["a date instead of a month", "to=2025-01-31"],
      ["a window that ends before it begins", "from=2025-02&to=2025-01"],
      ["a window of 121 months", "from=2016-11&to=2026-11"],
      ["a 1-digit prefix", "regionPrefix=3"],
      ["an unknown parameter", "collectiveCode=x"],
    ])("refuses %s with 400 validation_failed", async (_name, query) => {
      expectProblem(await world.request("GET", `/v1/statistics/series?${query}`), 400, "validation_failed");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => "/v1/statistics/series?regionPrefix=371083",
    refused: async () => [{ name: "holder", token: tokens.holder, status: 403, code: "forbidden" }],
  });
});

describe("GET /v1/statistics/series with one database per county", () => {
  let routed: World;
  beforeAll(async () => {
    const clock = movableClock("2024-05-01");
    routed = await createWorld(clock, { counties: ["371083", "370114"] });
    await buildRegion(routed, clock);
  }, 60_000);
  afterAll(() => routed.close());

  it("adds up the county databases under the prefix, each counting its own collectives", async () => {
    expect(await series(routed, "regionPrefix=37")).toEqual({ regionPrefix: "37", ...BOTH_SERIES });
    expect(await series(routed, "regionPrefix=371083")).toEqual({ regionPrefix: "371083", ...VILLAGE_SERIES });
    const registrar = await createToken(routed, { role: "registrar", collectiveCode: VILLAGE.code });
    expect(await series(routed, "", registrar)).toEqual({ regionPrefix: VILLAGE.regionCode, ...VILLAGE_SERIES });
  });

  it("answers partial: true with the counties that answered, naming the one that did not", async () => {
    const down = new Proxy({}, {
      get() {
        throw new Error("county database unreachable");
      },
    }) as Db;
    const app = createApp({
      db: routed.tdb.db,
      router: new Router(routed.tdb.db, [
        { prefix: "370114", name: "370114", db: down },
        { prefix: "371083", name: "371083", db: routed.counties["371083"]!.db },
      ]),
      idKey: routed.idKey,
      clock: routed.clock,
      ids: createIdFactory(() => routed.clock.nowMs()),
      keyring: await testKeyring(),
    });
    const res = await routed.requestOn(app, "GET", "/v1/statistics/series?regionPrefix=37");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ regionPrefix: "37", ...VILLAGE_SERIES, partial: true, unavailable: ["370114"] });
  });
});
