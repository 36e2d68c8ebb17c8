import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  idNumber,
  member,
  plotCode,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, type World } from "../support/world.js";

/**
 * The collective's register in pages (issue 9): GET /v1/collectives/{code}/households, …/plots and …/homesteads —
 * ordered by code, `after`/`limit` like GET /v1/collectives, with the collective's totals on every page, visible to
 * whoever sees the collective (admin, its registrar, a bureau over its region) and 404 to everyone else.
 *
 * VILLAGE: three households (0001: 户主一 with 配偶一 co-holder, 0002: 户主二 alone, 0003: 户主三 alone); plots 1–4,
 * 1 and 2 contracted by 0001, 3 by 0002, 4 free (with an outline); homesteads 1 (household 0001) and 2 (0002).
 */
let world: World;
let tokens: Record<"registrar" | "registrarGroup" | "bureauIn" | "bureauOut" | "holder", string>;
let heads: { id: string; name: string }[];
let spouse: { id: string; name: string };

const path = (what: "households" | "plots" | "homesteads", query = "", code = VILLAGE.code) => `/v1/collectives/${code}/${what}${query}`;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200" });
  await registerCollective(world, GROUP);
  heads = [await member(world, VILLAGE.code, 1, "户主一"), await member(world, VILLAGE.code, 2, "户主二"), await member(world, VILLAGE.code, 3, "户主三")];
  spouse = await member(world, VILLAGE.code, 4, "配偶一");
  await registerHousehold(world, VILLAGE, 1, [{ personId: heads[0]!.id }, { personId: spouse.id, relation: "spouse", coHolder: true }]);
  await registerHousehold(world, VILLAGE, 2, [{ personId: heads[1]!.id }]);
  await registerHousehold(world, VILLAGE, 3, [{ personId: heads[2]!.id }]);
  await registerPlot(world, VILLAGE, 1, "1.5");
  await registerPlot(world, VILLAGE, 2, "2.25");
  await registerPlot(world, VILLAGE, 3, "0.75");
  const outlined = await world.request("POST", path("plots"), {
    body: {
      plotCode: plotCode(VILLAGE.issuerCode, 4),
      name: "北岭地",
      areaMu: "3",
      landUse: "forestry",
      basicFarmland: true,
      boundaries: { east: "路", south: "渠", west: "张家", north: "李家" },
      geometry: { type: "Polygon", coordinates: [[[121.5, 36.9], [121.501, 36.9], [121.501, 36.901], [121.5, 36.9]]] },
    },
  });
  expect(outlined.status, outlined.text).toBe(201);
  await registerContract(world, VILLAGE, 1, [1, 2]);
  await registerContract(world, VILLAGE, 2, [3]);
  for (const [seq, household, area] of [[1, 1, "180.5"], [2, 2, "150"]] as const) {
    const res = await world.request("POST", path("homesteads"), {
      body: { unitNumber: unitNumber(VILLAGE.regionCode, seq), contractorCode: contractorCode(VILLAGE.issuerCode, household), areaM2: area, approvedOn: "2024-05-01", origin: "grant" },
    });
    expect(res.status, res.text).toBe(201);
  }
  tokens = {
    registrar: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    registrarGroup: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }),
    bureauIn: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauOut: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    holder: await createToken(world, { role: "holder", personId: heads[0]!.id }),
  };
});
afterAll(() => world.close());

describe("GET /v1/collectives/{code}/households", () => {
  describe("accepts", () => {
    it("lists the households in contractor-code order with representative, members, co-holders, contracts and homesteads", async () => {
      const res = await world.request("GET", path("households"), { token: tokens.registrar });
      expect(res.status, res.text).toBe(200);
      expect(res.body.totals).toEqual({ households: 3 });
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.households.map((h: { contractorCode: string }) => h.contractorCode)).toEqual([1, 2, 3].map((s) => contractorCode(VILLAGE.issuerCode, s)));
      expect(res.body.households[0]).toEqual({
        contractorCode: contractorCode(VILLAGE.issuerCode, 1),
        status: "active",
        dissolvedOn: null,
        representative: { personId: heads[0]!.id, name: "户主一" },
        memberCount: 2,
        members: [
          { personId: heads[0]!.id, name: "户主一", relation: "head", relationCode: "02", coHolder: true },
          { personId: spouse.id, name: "配偶一", relation: "spouse", relationCode: "10", coHolder: true },
        ],
        landContracts: [{ contractCode: `${contractorCode(VILLAGE.issuerCode, 1)}J`, mode: "household", startsOn: "1998-10-01", endsOn: "2028-09-30", plotCount: 2, areaMu: "3.75" }],
        homesteads: [{ unitNumber: unitNumber(VILLAGE.regionCode, 1), areaM2: "180.50", origin: "grant" }],
      });
      expect(res.body.households[2]).toMatchObject({ memberCount: 1, landContracts: [], homesteads: [] });
    });

    it("never shows an ID number, not even to a bureau that sees full numbers elsewhere", async () => {
      const res = await world.request("GET", path("households"), { token: tokens.bureauIn });
      expect(res.status, res.text).toBe(200);
      for (const index of [1, 2, 3, 4]) expect(res.text).not.toContain(idNumber(index));
    });

    it("pages with after and limit: nextCursor is the last code of the page, null on the last page, totals on every page", async () => {
      const first = await world.request("GET", path("households", "?limit=2"), { token: tokens.registrar });
      expect(first.body.households).toHaveLength(2);
      expect(first.body.nextCursor).toBe(contractorCode(VILLAGE.issuerCode, 2));
      const second = await world.request("GET", path("households", `?limit=2&after=${first.body.nextCursor}`), { token: tokens.registrar });
      expect(second.body.households.map((h: { contractorCode: string }) => h.contractorCode)).toEqual([contractorCode(VILLAGE.issuerCode, 3)]);
      expect(second.body.nextCursor).toBeNull();
      expect(second.body.totals).toEqual({ households: 3 });
    });

    it("filters by status: none dissolved here, all equals the active ones", async () => {
      const dissolved = await world.request("GET", path("households", "?status=dissolved"));
      expect(dissolved.body).toMatchObject({ status: "dissolved", totals: { households: 0 }, households: [], nextCursor: null });
      const all = await world.request("GET", path("households", "?status=all"));
      expect(all.body.totals).toEqual({ households: 3 });
    });

    it("answers an empty page for a collective without households", async () => {
      const res = await world.request("GET", path("households", "", GROUP.code), { token: tokens.registrarGroup });
      expect(res.body).toEqual({ collectiveCode: GROUP.code, status: "active", totals: { households: 0 }, households: [], nextCursor: null });
    });
  });

  describe("rejects", () => {
    it.each([["?limit=0"], ["?limit=501"], ["?limit=ten"], ["?status=gone"], ["?page=2"]])("a query %s with 400 validation_failed", async (query) => {
      expectProblem(await world.request("GET", path("households", query)), 400, "validation_failed");
    });

    it("an unknown collective with 404 collective_not_found", async () => {
      expectProblem(await world.request("GET", path("households", "", "N2371083MA0QW7T3XX")), 404, "collective_not_found");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => path("households"),
    refused: async () => [
      { name: "holder of a household of the collective", token: tokens.holder, status: 404, code: "collective_not_found" },
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "collective_not_found" },
      { name: "bureau of another region", token: tokens.bureauOut, status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/collectives/{code}/plots", () => {
  describe("accepts", () => {
    it("lists the plots with area, land use, farmland flag, boundaries and the contract and household holding each", async () => {
      const res = await world.request("GET", path("plots"), { token: tokens.bureauIn });
      expect(res.status, res.text).toBe(200);
      expect(res.body.totals).toEqual({ plots: 4, contracted: 3, areaMu: "7.50", contractedAreaMu: "4.50" });
      expect(res.body.plots.map((p: { plotCode: string }) => p.plotCode)).toEqual([1, 2, 3, 4].map((s) => plotCode(VILLAGE.issuerCode, s)));
      expect(res.body.plots[0]).toMatchObject({
        areaMu: "1.50",
        landUse: "cropping",
        basicFarmland: false,
        hasGeometry: false,
        boundaries: { east: "路", south: "渠", west: "张家", north: "李家" },
        contract: { contractCode: `${contractorCode(VILLAGE.issuerCode, 1)}J`, contractorCode: contractorCode(VILLAGE.issuerCode, 1), representative: { personId: heads[0]!.id, name: "户主一" } },
      });
      expect(res.body.plots[3]).toMatchObject({ name: "北岭地", areaMu: "3.00", landUse: "forestry", basicFarmland: true, hasGeometry: true, contract: null });
      expect(res.body.plots[3]).not.toHaveProperty("geometry");
    });

    it("pages with after and limit, the totals staying those of the whole collective", async () => {
      const first = await world.request("GET", path("plots", "?limit=3"), { token: tokens.registrar });
      expect(first.body.plots).toHaveLength(3);
      expect(first.body.nextCursor).toBe(plotCode(VILLAGE.issuerCode, 3));
      const second = await world.request("GET", path("plots", `?limit=3&after=${first.body.nextCursor}`), { token: tokens.registrar });
      expect(second.body.plots.map((p: { plotCode: string }) => p.plotCode)).toEqual([plotCode(VILLAGE.issuerCode, 4)]);
      expect(second.body.nextCursor).toBeNull();
      expect(second.body.totals.plots).toBe(4);
    });
  });

  describe("rejects", () => {
    it.each([["?limit=0"], ["?limit=501"], ["?status=active"]])("a query %s with 400 validation_failed", async (query) => {
      expectProblem(await world.request("GET", path("plots", query)), 400, "validation_failed");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => path("plots"),
    refused: async () => [
      { name: "holder of a household of the collective", token: tokens.holder, status: 404, code: "collective_not_found" },
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "collective_not_found" },
      { name: "bureau of another region", token: tokens.bureauOut, status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/collectives/{code}/homesteads", () => {
  describe("accepts", () => {
    it("lists the homesteads in unit-number order with household, area, approval and the representative", async () => {
      const res = await world.request("GET", path("homesteads"), { token: tokens.registrar });
      expect(res.status, res.text).toBe(200);
      expect(res.body.totals).toEqual({ homesteads: 2, areaM2: "330.50" });
      expect(res.body.homesteads).toHaveLength(2);
      expect(res.body.homesteads[0]).toMatchObject({
        unitNumber: unitNumber(VILLAGE.regionCode, 1),
        contractorCode: contractorCode(VILLAGE.issuerCode, 1),
        areaM2: "180.50",
        maxAreaM2: "200.00",
        approvedOn: "2024-05-01",
        origin: "grant",
        status: "active",
        annotations: [],
        representative: { personId: heads[0]!.id, name: "户主一" },
      });
      expect(res.body.homesteads[1].representative.name).toBe("户主二");
    });

    it("pages with after and limit", async () => {
      const first = await world.request("GET", path("homesteads", "?limit=1"), { token: tokens.bureauIn });
      expect(first.body.nextCursor).toBe(unitNumber(VILLAGE.regionCode, 1));
      const second = await world.request("GET", path("homesteads", `?limit=1&after=${first.body.nextCursor}`), { token: tokens.bureauIn });
      expect(second.body.homesteads.map((h: { unitNumber: string }) => h.unitNumber)).toEqual([unitNumber(VILLAGE.regionCode, 2)]);
      expect(second.body.nextCursor).toBeNull();
    });

    it("filters by status: none cancelled here", async () => {
      const res = await world.request("GET", path("homesteads", "?status=cancelled"));
      expect(res.body).toMatchObject({ status: "cancelled", totals: { homesteads: 0, areaM2: "0.00" }, homesteads: [] });
    });
  });

  describe("rejects", () => {
    it.each([["?limit=0"], ["?status=dissolved"]])("a query %s with 400 validation_failed", async (query) => {
      expectProblem(await world.request("GET", path("homesteads", query)), 400, "validation_failed");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => path("homesteads"),
    refused: async () => [
      { name: "holder of a household of the collective", token: tokens.holder, status: 404, code: "collective_not_found" },
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "collective_not_found" },
      { name: "bureau of another region", token: tokens.bureauOut, status: 404, code: "collective_not_found" },
    ],
  });
});

describe("the OpenAPI document", () => {
  it("describes the three lists with their paging parameters", async () => {
    const doc = (await world.request("GET", "/openapi.json", { token: null })).body;
    for (const [p, op] of [
      ["/v1/collectives/{code}/households", "listHouseholds"],
      ["/v1/collectives/{code}/plots", "listPlots"],
      ["/v1/collectives/{code}/homesteads", "listHomesteads"],
    ] as const) {
      const get = doc.paths[p].get;
      expect(get.operationId).toBe(op);
      expect(get.description).toMatch(/collective_not_found/);
      expect(get.parameters.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(["code", "after", "limit"]));
    }
  });
});
