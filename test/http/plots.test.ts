import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, type World } from "../support/world.js";

/**
 * Plot (and household) sequences used here, one owner each so that no test depends on another: 1–9 accepts,
 * 20–29 rejects, 40–49 reads, 90–99 security.
 */
let world: World;
let tokens: Record<"registrarVillage" | "registrarGroup" | "bureauIn" | "bureauOut" | "holderOfHousehold" | "holderOther", string>;
let representative: { id: string; name: string };

const BOUNDARIES = { east: "路", south: "渠", west: "张家", north: "李家" };
const SQUARE = {
  type: "Polygon",
  coordinates: [
    [
      [121.5, 36.9],
      [121.501, 36.9],
      [121.501, 36.901],
      [121.5, 36.901],
      [121.5, 36.9],
    ],
  ],
};
const plotsPath = (collective = VILLAGE) => `/v1/collectives/${collective.code}/plots`;
const plotBody = (seq: number, change: Record<string, unknown> = {}) => ({
  plotCode: plotCode(VILLAGE.issuerCode, seq),
  areaMu: "1.50",
  landUse: "cropping",
  boundaries: BOUNDARIES,
  ...change,
});

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
  representative = await member(world, VILLAGE.code, 1, "王建国");
  const spouse = await member(world, VILLAGE.code, 2, "李秀英");
  const other = await member(world, VILLAGE.code, 3, "张三");
  await registerHousehold(world, VILLAGE, 1, [{ personId: representative.id }, { personId: spouse.id }]);
  tokens = {
    registrarVillage: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    registrarGroup: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }),
    bureauIn: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauOut: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    holderOfHousehold: await createToken(world, { role: "holder", personId: spouse.id }),
    holderOther: await createToken(world, { role: "holder", personId: other.id }),
  };
  await contractedPlot(91); // read by the security cases of GET /v1/plots/{plotCode}
});

/** A new household (with a new member as representative) holding a new plot under a household contract. */
async function contractedPlot(seq: number) {
  const person = await member(world, VILLAGE.code, 100 + seq, `户主${seq}`);
  await registerHousehold(world, VILLAGE, seq, [{ personId: person.id }]);
  await registerPlot(world, VILLAGE, seq);
  const contract = await registerContract(world, VILLAGE, seq, [seq]);
  return { person, contract, path: `/v1/plots/${plotCode(VILLAGE.issuerCode, seq)}` };
}
afterAll(() => world.close());

describe("POST /v1/collectives/{code}/plots", () => {
  describe("accepts", () => {
    it("registers a plot with its areas as decimal strings exactly as given and keeps its GeoJSON polygon", async () => {
      const body = plotBody(1, { name: "东岭地", areaMu: "1.2345", areaM2: "823.3", category: "reserved", basicFarmland: true, geometry: SQUARE });
      const res = await world.request("POST", plotsPath(), { body });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        plotCode: plotCode(VILLAGE.issuerCode, 1),
        collectiveCode: VILLAGE.code,
        name: "东岭地",
        areaMu: "1.2345",
        areaM2: "823.30",
        landUse: "cropping",
        category: "reserved",
        basicFarmland: true,
        boundaries: BOUNDARIES,
        geometry: SQUARE,
      });
      const read = await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 1)}`);
      expect(read.body).toMatchObject({ areaMu: "1.2345", areaM2: "823.30", geometry: SQUARE });
    });

    it('answers a whole-number areaMu "2" as "2.00", with the defaults for what was not given', async () => {
      const res = await world.request("POST", plotsPath(), { body: plotBody(2, { areaMu: "2", landUse: "forestry" }) });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ areaMu: "2.00", areaM2: null, name: null, landUse: "forestry", category: "contracted", basicFarmland: false, geometry: null });
    });

    it("answers the same facts again with 200 and the stored record, even when the quantity is written differently", async () => {
      const first = await world.request("POST", plotsPath(), { body: plotBody(3, { areaMu: "1.5", areaM2: "1000", geometry: SQUARE }) });
      expect(first.status, first.text).toBe(201);
      const again = await world.request("POST", plotsPath(), { body: plotBody(3, { areaMu: "1.5000", areaM2: "1000.00", geometry: SQUARE }) });
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it("lets the collective's registrar register a plot", async () => {
      const res = await world.request("POST", plotsPath(), { body: plotBody(4), token: tokens.registrarVillage });
      expect(res.status, res.text).toBe(201);
    });
  });

  describe("rejects", () => {
    it("refuses other facts under a registered plot code with 409 plot_already_registered and keeps the first facts", async () => {
      await registerPlot(world, VILLAGE, 20, "1.50");
      const res = await world.request("POST", plotsPath(), { body: plotBody(20, { areaMu: "1.60" }) });
      expectProblem(res, 409, "plot_already_registered");
      const read = await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 20)}`);
      expect(read.body.areaMu).toBe("1.50");
    });

    it.each([
      ["an 18-digit plot code", { plotCode: plotCode(VILLAGE.issuerCode, 21).slice(0, 18) }, 422, "plot_code_malformed"],
      ["plot sequence 00000", { plotCode: `${VILLAGE.issuerCode}00000` }, 422, "plot_code_malformed"],
      ["a plot code of another issuing party", { plotCode: plotCode(GROUP.issuerCode, 21) }, 422, "plot_code_outside_issuer"],
      ["areaMu 0", { areaMu: "0" }, 422, "area_must_be_positive"],
      ["areaMu 0.0000", { areaMu: "0.0000" }, 422, "area_must_be_positive"],
      ["areaM2 0.00 beside a positive mu", { areaM2: "0.00" }, 422, "area_must_be_positive"],
    ])("refuses %s with %i %s and writes nothing", async (_name, change, status, code) => {
      const body = plotBody(21, change);
      const res = await world.request("POST", plotsPath(), { body });
      expectProblem(res, status, code);
      const read = await world.request("GET", `/v1/plots/${body.plotCode}`);
      expectProblem(read, 404, "plot_not_found");
    });

    it.each([
      ["areaMu as a JSON number", { areaMu: 1.5 }, "#/areaMu"],
      ["areaMu with 5 decimals", { areaMu: "1.23456" }, "#/areaMu"],
      ["areaMu too large to keep exactly", { areaMu: "999999999999.9999" }, "#/areaMu"],
      ["a negative areaMu", { areaMu: "-1.5" }, "#/areaMu"],
      ["areaM2 with 3 decimals", { areaM2: "823.333" }, "#/areaM2"],
      ["an unknown landUse", { landUse: "orchard" }, "#/landUse"],
      ["an unknown category", { category: "garden" }, "#/category"],
      ["a missing boundary", { boundaries: { east: "路", south: "渠", west: "张家" } }, "#/boundaries/north"],
      ["a point instead of a polygon", { geometry: { type: "Point", coordinates: [121.5, 36.9] } }, "#/geometry/type"],
      ["a ring of three positions", { geometry: { type: "Polygon", coordinates: [[[121.5, 36.9], [121.501, 36.9], [121.5, 36.9]]] } }, "#/geometry/coordinates/0"],
      ["a position that is not a number pair", { geometry: { type: "Polygon", coordinates: [[["x", 36.9], [1, 2], [3, 4], [5, 6]]] } }, "#/geometry/coordinates/0/0/0"],
      ["an unknown field", { owner: "王建国" }, "#/owner"],
    ])("refuses %s with 400 validation_failed pointing at %s", async (_name, change, pointer) => {
      const res = await world.request("POST", plotsPath(), { body: plotBody(22, change) });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
    });

    it("refuses a resident ID number typed as the plot code with 422 plot_code_malformed, without echoing it", async () => {
      const id = idNumber(7);
      const res = await world.request("POST", plotsPath(), { body: plotBody(23, { plotCode: id }) });
      expectProblem(res, 422, "plot_code_malformed");
      expect(res.text).not.toContain(id);
    });

    it("refuses a body that is not JSON with 400 malformed_json", async () => {
      const res = await world.request("POST", plotsPath(), { rawBody: '{"plotCode": ' });
      expectProblem(res, 400, "malformed_json");
    });

    it("refuses an unknown collective with 404 collective_not_found", async () => {
      const res = await world.request("POST", "/v1/collectives/N2371083MA0QW73T00/plots", { body: plotBody(24) });
      expectProblem(res, 404, "collective_not_found");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => plotsPath(),
    body: () => plotBody(90),
    refused: async () => [
      { name: "bureau (read-only)", token: tokens.bureauIn, status: 403, code: "forbidden" },
      { name: "holder (read-only)", token: tokens.holderOfHousehold, status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/plots/{plotCode}", () => {
  it("shows no contract and no holder before the plot is contracted", async () => {
    await registerPlot(world, VILLAGE, 40, "2.35");
    const res = await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 40)}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ plotCode: plotCode(VILLAGE.issuerCode, 40), areaMu: "2.35", currentContract: null, holder: null });
  });

  it("shows the current contract and the holder household with its representative's name once contracted", async () => {
    await registerPlot(world, VILLAGE, 41, "1.25");
    const contract = await registerContract(world, VILLAGE, 1, [41]);
    const res = await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 41)}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.currentContract).toEqual({ contractCode: contract.contractCode, mode: "household", startsOn: "1998-10-01", endsOn: "2028-09-30", certificateNo: null });
    expect(res.body.holder).toEqual({ contractorCode: `${VILLAGE.issuerCode}0001`, representative: { personId: representative.id, name: "王建国" } });
  });

  it("answers the collective's registrar and a bureau whose prefix covers it", async () => {
    const { path } = await contractedPlot(42);
    for (const token of [tokens.registrarVillage, tokens.bureauIn]) {
      const res = await world.request("GET", path, { token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.holder.contractorCode).toBe(`${VILLAGE.issuerCode}0042`);
    }
  });

  it("answers a holder whose household holds the plot, and 404 to a holder of another person", async () => {
    const { person, path } = await contractedPlot(43);
    const own = await world.request("GET", path, { token: await createToken(world, { role: "holder", personId: person.id }) });
    expect(own.status, own.text).toBe(200);
    expect(own.body.holder.representative).toEqual({ personId: person.id, name: "户主43" });
    expectProblem(await world.request("GET", path, { token: tokens.holderOther }), 404, "plot_not_found");
  });

  it("answers 404 to a holder for an uncontracted plot: no household ties them to it", async () => {
    await registerPlot(world, VILLAGE, 44);
    expectProblem(await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 44)}`, { token: tokens.holderOfHousehold }), 404, "plot_not_found");
  });

  it("answers a plot out of scope exactly like an unknown plot", async () => {
    await registerPlot(world, VILLAGE, 45);
    const unknown = await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 46)}`, { token: tokens.registrarGroup });
    expectProblem(unknown, 404, "plot_not_found");
    for (const token of [tokens.registrarGroup, tokens.bureauOut, tokens.holderOther]) {
      const hidden = await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 45)}`, { token });
      expectProblem(hidden, 404, "plot_not_found");
      const { detail: _hd, requestId: _hr, instance: _hi, ...hiddenRest } = hidden.body;
      const { detail: _ud, requestId: _ur, instance: _ui, ...unknownRest } = unknown.body;
      expect(hiddenRest).toEqual(unknownRest);
      expect(hidden.body.detail).toBe(`No plot ${plotCode(VILLAGE.issuerCode, 45)} in your scope.`);
      expect(unknown.body.detail).toBe(`No plot ${plotCode(VILLAGE.issuerCode, 46)} in your scope.`);
    }
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/plots/${plotCode(VILLAGE.issuerCode, 91)}`,
    refused: async () => [
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "plot_not_found" },
      { name: "bureau outside its prefix", token: tokens.bureauOut, status: 404, code: "plot_not_found" },
      { name: "holder of another person", token: tokens.holderOther, status: 404, code: "plot_not_found" },
    ],
  });
});
