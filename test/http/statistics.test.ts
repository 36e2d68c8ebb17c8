import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createIdFactory } from "../../src/lib/ids.js";
import type { Db } from "../../src/storage/db.js";
import { Router } from "../../src/storage/router.js";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  idNumber,
  recordResolution,
  registerContract,
  registerHousehold,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { testKeyring } from "../support/keys.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * GET /v1/statistics: the reform's numbers for a region. The village (371083) has six members: 孙志强 moved to
 * Jinan (urban hukou) and still holds his household's contracted plots and his shares; 刘振华 is urban too and
 * holds his household's homestead; 韩梅 is urban and holds nothing; 高远 went to the city and came back (current
 * hukou rural); 王老汉, urban, died (membership ended). Shares: 12 + 12 issued; 5 transferred and registered, 1 in
 * a cancelled transfer; 1 withdrawn and registered, 2 in a pending withdrawal. The group (370114, another county)
 * has one urban member with shares and an uncontracted plot. Every number is asserted exactly.
 */
type Statistics = {
  regionPrefix: string;
  asOf: string;
  collectives: number;
  members: { active: number; withUrbanHukou: number; withUrbanHukouHoldingRights: number };
  plots: { count: number; contracted: number; areaMu: string; contractedAreaMu: string };
  homesteads: { active: number; areaM2: string };
  shares: { issued: string; heldByMembers: string; heldByCollective: string };
  transfers: { subject: string; status: string; count: number; amountSum: string }[];
  withdrawals: { subject: string; status: string; count: number; amountSum: string }[];
  partial: boolean;
  unavailable: string[];
};

const VILLAGE_NUMBERS = {
  collectives: 1,
  members: { active: 5, withUrbanHukou: 3, withUrbanHukouHoldingRights: 2 },
  plots: { count: 3, contracted: 2, areaMu: "3.50", contractedAreaMu: "2.25" },
  homesteads: { active: 1, areaM2: "150.00" },
  shares: { issued: "24", heldByMembers: "23", heldByCollective: "1" },
  transfers: [
    { subject: "equity", status: "cancelled", count: 1, amountSum: "6000.00" },
    { subject: "equity", status: "registered", count: 1, amountSum: "30000.00" },
  ],
  withdrawals: [
    { subject: "equity", status: "in-notice", count: 1, amountSum: "100.00" },
    { subject: "equity", status: "registered", count: 1, amountSum: "50.25" },
  ],
};

const GROUP_NUMBERS = {
  collectives: 1,
  members: { active: 1, withUrbanHukou: 1, withUrbanHukouHoldingRights: 1 },
  plots: { count: 1, contracted: 0, areaMu: "1.0001", contractedAreaMu: "0.00" },
  homesteads: { active: 0, areaM2: "0.00" },
  shares: { issued: "10.5", heldByMembers: "10.5", heldByCollective: "0" },
  transfers: [],
  withdrawals: [],
};

const PROVINCE_NUMBERS = {
  collectives: 2,
  members: { active: 6, withUrbanHukou: 4, withUrbanHukouHoldingRights: 3 },
  plots: { count: 4, contracted: 2, areaMu: "4.5001", contractedAreaMu: "2.25" },
  homesteads: { active: 1, areaM2: "150.00" },
  shares: { issued: "34.5", heldByMembers: "33.5", heldByCollective: "1" },
  transfers: VILLAGE_NUMBERS.transfers,
  withdrawals: VILLAGE_NUMBERS.withdrawals,
};

const ZEROS = {
  collectives: 0,
  members: { active: 0, withUrbanHukou: 0, withUrbanHukouHoldingRights: 0 },
  plots: { count: 0, contracted: 0, areaMu: "0.00", contractedAreaMu: "0.00" },
  homesteads: { active: 0, areaM2: "0.00" },
  shares: { issued: "0", heldByMembers: "0", heldByCollective: "0" },
  transfers: [],
  withdrawals: [],
};

/** Registers and admits a person (with the collective's region code, which a routed deployment needs). */
async function memberIn(world: World, collective: typeof VILLAGE | typeof GROUP, index: number, name: string) {
  const registered = await world.request("POST", "/v1/persons", { body: { idNumber: idNumber(index), name, regionCode: collective.regionCode } });
  expect(registered.status, registered.text).toBe(201);
  const admitted = await world.request("POST", `/v1/collectives/${collective.code}/members`, { body: { personId: registered.body.id, joinedOn: "2020-01-01", basis: "original" } });
  expect(admitted.status, admitted.text).toBe(201);
  return registered.body as { id: string };
}

async function hukou(world: World, personId: string, kind: "rural" | "urban", regionCode: string, effectiveOn: string) {
  const res = await world.request("POST", `/v1/persons/${personId}/household-registrations`, { body: { kind, regionCode, effectiveOn } });
  expect(res.status, res.text).toBe(201);
}

async function post(world: World, path: string, body: unknown, status = 200) {
  const res = await world.request("POST", path, { body });
  expect(res.status, res.text).toBe(status);
  return res.body;
}

async function walk(world: World, path: "transfers" | "withdrawals", body: Record<string, unknown>, end: "registered" | "cancelled" | "pending") {
  const applied = await post(world, `/v1/${path}`, { collectiveCode: VILLAGE.code, agreementSignedOn: "2026-11-20", ...body }, 201);
  if (end === "pending") return;
  if (end === "cancelled") return void (await post(world, `/v1/${path}/${applied.id}/cancellation`, { reason: "双方协商解除" }));
  await post(world, `/v1/${path}/${applied.id}/approval`, { resolutionRef: "理事会决定〔2026〕9号", decidedOn: TODAY });
  await post(world, `/v1/${path}/${applied.id}/payment`, { amount: body.price ?? body.compensation, paidOn: TODAY, reference: "农商银行 0001" });
}

/** The village and the group described above, through the API; returns the persons a test needs. */
async function buildRegion(world: World) {
  for (const collective of [VILLAGE, GROUP]) await post(world, "/v1/collectives", { ...collective, rules: { noticeDays: 0 } }, 201);
  const moved = await memberIn(world, VILLAGE, 1, "孙志强");
  const stayed = await memberIn(world, VILLAGE, 2, "于海涛");
  const urbanNothing = await memberIn(world, VILLAGE, 3, "韩梅");
  const returned = await memberIn(world, VILLAGE, 4, "高远");
  const died = await memberIn(world, VILLAGE, 5, "王老汉");
  const homesteader = await memberIn(world, VILLAGE, 6, "刘振华");
  await hukou(world, moved.id, "rural", VILLAGE.regionCode, "1985-06-15");
  await hukou(world, moved.id, "urban", "370102", "2025-06-01");
  await hukou(world, stayed.id, "rural", VILLAGE.regionCode, "1990-01-01");
  await hukou(world, urbanNothing.id, "urban", "370102", "2024-03-01");
  await hukou(world, returned.id, "rural", VILLAGE.regionCode, "2020-01-01");
  await hukou(world, returned.id, "urban", "370211", "2010-01-01");
  await hukou(world, died.id, "urban", "370102", "2019-01-01");
  await hukou(world, homesteader.id, "urban", "370202", "2023-05-01");
  await post(world, `/v1/collectives/${VILLAGE.code}/members/${died.id}/termination`, { reason: "death", effectiveOn: "2026-01-01" });

  await registerHousehold(world, VILLAGE, 1, [{ personId: moved.id }]);
  await registerHousehold(world, VILLAGE, 2, [{ personId: homesteader.id }]);
  await registerPlot(world, VILLAGE, 1, "1.50");
  await registerPlot(world, VILLAGE, 2, "0.75");
  await registerPlot(world, VILLAGE, 3, "1.25");
  await registerContract(world, VILLAGE, 1, [1, 2]);
  await post(
    world,
    `/v1/collectives/${VILLAGE.code}/homesteads`,
    { unitNumber: unitNumber(VILLAGE.regionCode, 1), contractorCode: contractorCode(VILLAGE.issuerCode, 2), areaM2: "150.00", approvedOn: "2000-01-01", origin: "grant" },
    201,
  );
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "成员大会决议〔2020〕2号" });
  await post(
    world,
    `/v1/collectives/${VILLAGE.code}/equity/issuances`,
    { resolutionRef: "成员大会决议〔2020〕2号", allocations: [{ personId: moved.id, shareClass: "population", shares: "12" }, { personId: stayed.id, shareClass: "population", shares: "12" }] },
    201,
  );
  const transfer = (shares: string, price: string) => ({ kind: "equity", from: { personId: moved.id }, to: { personId: stayed.id }, shares, price });
  await walk(world, "transfers", transfer("5", "30000.00"), "registered");
  await walk(world, "transfers", transfer("1", "6000.00"), "cancelled");
  const withdrawal = (shares: string, compensation: string) => ({ kind: "equity", from: { personId: stayed.id }, shares, compensation });
  await walk(world, "withdrawals", withdrawal("1", "50.25"), "registered");
  await walk(world, "withdrawals", withdrawal("2", "100.00"), "pending");

  const grouper = await memberIn(world, GROUP, 7, "组员");
  await hukou(world, grouper.id, "urban", "370102", "2026-11-27");
  await post(world, `/v1/collectives/${GROUP.code}/plots`, { plotCode: `${GROUP.issuerCode}00001`, areaMu: "1.0001", landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } }, 201);
  await recordResolution(world, GROUP.code, ["equity-issuance"], { ref: "决议" });
  await post(world, `/v1/collectives/${GROUP.code}/equity/issuances`, { resolutionRef: "决议", allocations: [{ personId: grouper.id, shareClass: "population", shares: "10.5" }] }, 201);
  return { moved };
}

async function statistics(world: World, query = "", token?: string): Promise<Statistics> {
  const res = await world.request("GET", `/v1/statistics${query ? `?${query}` : ""}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body as Statistics;
}

let world: World;
let tokens: Record<"registrar" | "bureauVillage" | "bureauGroup" | "bureauProvince" | "holder", string>;

beforeAll(async () => {
  world = await createWorld();
  const { moved } = await buildRegion(world);
  tokens = {
    registrar: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    bureauVillage: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauGroup: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    bureauProvince: await createToken(world, { role: "bureau", regionPrefix: "37" }),
    holder: await createToken(world, { role: "holder", personId: moved.id }),
  };
});
afterAll(() => world.close());

describe("GET /v1/statistics", () => {
  describe("accepts", () => {
    it("counts the village exactly: members who moved to a city and still hold rights, plots, homesteads, shares, applications", async () => {
      expect(await statistics(world, "regionPrefix=371083")).toEqual({ regionPrefix: "371083", asOf: TODAY, ...VILLAGE_NUMBERS, partial: false, unavailable: [] });
      expect(await statistics(world, `regionPrefix=${VILLAGE.regionCode}`)).toEqual({ regionPrefix: VILLAGE.regionCode, asOf: TODAY, ...VILLAGE_NUMBERS, partial: false, unavailable: [] });
    });

    it("adds up the collectives of a wider prefix, and of everything for an admin who names none", async () => {
      expect(await statistics(world, "regionPrefix=37")).toEqual({ regionPrefix: "37", asOf: TODAY, ...PROVINCE_NUMBERS, partial: false, unavailable: [] });
      expect(await statistics(world)).toEqual({ regionPrefix: "", asOf: TODAY, ...PROVINCE_NUMBERS, partial: false, unavailable: [] });
      expect(await statistics(world, "regionPrefix=370114")).toMatchObject({ regionPrefix: "370114", ...GROUP_NUMBERS });
    });

    it("answers zeros for a prefix with no collective", async () => {
      expect(await statistics(world, "regionPrefix=4403")).toEqual({ regionPrefix: "4403", asOf: TODAY, ...ZEROS, partial: false, unavailable: [] });
    });

    it("narrows a bureau to its own prefix: a wider prefix counts its own region, none counts its own region", async () => {
      const own = { regionPrefix: "371083", asOf: TODAY, ...VILLAGE_NUMBERS, partial: false, unavailable: [] };
      expect(await statistics(world, "", tokens.bureauVillage)).toEqual(own);
      expect(await statistics(world, "regionPrefix=37", tokens.bureauVillage)).toEqual(own);
      expect(await statistics(world, `regionPrefix=${VILLAGE.regionCode}`, tokens.bureauVillage)).toMatchObject({ regionPrefix: VILLAGE.regionCode, ...VILLAGE_NUMBERS });
      expect(await statistics(world, "", tokens.bureauProvince)).toMatchObject({ regionPrefix: "37", ...PROVINCE_NUMBERS });
    });

    it("gives a bureau of another region zeros for the village's prefix, and only its own collectives otherwise", async () => {
      expect(await statistics(world, "regionPrefix=371083", tokens.bureauGroup)).toEqual({ regionPrefix: "371083", asOf: TODAY, ...ZEROS, partial: false, unavailable: [] });
      expect(await statistics(world, "regionPrefix=37", tokens.bureauGroup)).toMatchObject({ regionPrefix: "370114", ...GROUP_NUMBERS });
    });

    it("counts a registrar's own collective only, under whatever prefix covers it", async () => {
      expect(await statistics(world, "", tokens.registrar)).toEqual({ regionPrefix: VILLAGE.regionCode, asOf: TODAY, ...VILLAGE_NUMBERS, partial: false, unavailable: [] });
      expect(await statistics(world, "regionPrefix=37", tokens.registrar)).toMatchObject({ regionPrefix: "37", ...VILLAGE_NUMBERS });
      expect(await statistics(world, "regionPrefix=370114", tokens.registrar)).toMatchObject({ regionPrefix: "370114", ...ZEROS });
    });
  });

  describe("rejects", () => {
    it.each([
      ["a 1-digit prefix", "regionPrefix=3"],
      ["a 13-digit prefix", "regionPrefix=3710831082010"],
      ["letters", "regionPrefix=37ab"],
      ["an unknown parameter", "collectiveCode=x"],
    ])("refuses %s with 400 validation_failed", async (_name, query) => {
      expectProblem(await world.request("GET", `/v1/statistics?${query}`), 400, "validation_failed");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => "/v1/statistics?regionPrefix=371083",
    refused: async () => [{ name: "holder", token: tokens.holder, status: 403, code: "forbidden" }],
  });
});

describe("GET /v1/statistics with one database per county", () => {
  let routed: World;
  beforeAll(async () => {
    routed = await createWorld(undefined, { counties: ["371083", "370114"] });
    await buildRegion(routed);
  });
  afterAll(() => routed.close());

  it("adds up the county databases under the prefix, each counting its own collectives", async () => {
    expect(await statistics(routed, "regionPrefix=37")).toEqual({ regionPrefix: "37", asOf: TODAY, ...PROVINCE_NUMBERS, partial: false, unavailable: [] });
    expect(await statistics(routed, "regionPrefix=371083")).toMatchObject(VILLAGE_NUMBERS);
    expect(await statistics(routed, "regionPrefix=370114")).toMatchObject(GROUP_NUMBERS);
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
    const res = await routed.requestOn(app, "GET", "/v1/statistics?regionPrefix=37");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ regionPrefix: "37", asOf: TODAY, ...VILLAGE_NUMBERS, partial: true, unavailable: ["370114"] });
  });
});
