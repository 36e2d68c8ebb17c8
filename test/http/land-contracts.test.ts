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
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, type World } from "../support/world.js";

/**
 * Each test owns its household and plot sequences (a household has at most one J and one Q contract code), so
 * that no test depends on another: 1–9 accepts, 10–19 rejects, 20–29 reads, 30–39 security.
 */
let world: World;
let tokens: Record<"registrarVillage" | "registrarGroup" | "bureauIn" | "bureauOut" | "holderOther", string>;

const contractsPath = (collective = VILLAGE) => `/v1/collectives/${collective.code}/land-contracts`;
const contractor = (seq: number) => contractorCode(VILLAGE.issuerCode, seq);
const plot = (seq: number) => plotCode(VILLAGE.issuerCode, seq);
const contractBody = (householdSeq: number, plotSeqs: number[], change: Record<string, unknown> = {}) => ({
  contractCode: `${contractor(householdSeq)}J`,
  contractorCode: contractor(householdSeq),
  plotCodes: plotSeqs.map(plot),
  startsOn: "1998-10-01",
  endsOn: "2028-09-30",
  ...change,
});

/** A household whose representative is a new member, and (optionally) a spouse who is a member too. */
async function household(seq: number, opts: { spouse?: boolean } = {}) {
  const head = await member(world, VILLAGE.code, 100 + seq, `户主${seq}`);
  const spouse = opts.spouse ? await member(world, VILLAGE.code, 200 + seq, `配偶${seq}`) : null;
  await registerHousehold(world, VILLAGE, seq, [{ personId: head.id }, ...(spouse ? [{ personId: spouse.id }] : [])]);
  return { head, spouse };
}

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
  const outsider = await member(world, VILLAGE.code, 1, "张三");
  tokens = {
    registrarVillage: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    registrarGroup: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }),
    bureauIn: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauOut: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    holderOther: await createToken(world, { role: "holder", personId: outsider.id }),
  };
  // For the shape rejections: a registered household and plot, so that only the refused fact is wrong (11).
  await household(11);
  await registerPlot(world, VILLAGE, 11);
  // For the security cases: a household and a free plot to write (30), a registered contract to read (31).
  await household(30);
  await registerPlot(world, VILLAGE, 30);
  await household(31);
  await registerPlot(world, VILLAGE, 31);
  await registerContract(world, VILLAGE, 31, [31]);
});
afterAll(() => world.close());

describe("POST /v1/collectives/{code}/land-contracts", () => {
  describe("accepts", () => {
    it("registers a household contract with its plots and their exact total area (1.25 + 2.3333 = 3.5833 mu)", async () => {
      await household(1);
      await registerPlot(world, VILLAGE, 1, "1.25");
      await registerPlot(world, VILLAGE, 2, "2.3333");
      const res = await world.request("POST", contractsPath(), { body: contractBody(1, [1, 2], { certificateNo: "鲁(2018)乳山市农村土地承包经营权第000123号" }) });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        contractCode: `${contractor(1)}J`,
        collectiveCode: VILLAGE.code,
        contractorCode: contractor(1),
        mode: "household",
        startsOn: "1998-10-01",
        endsOn: "2028-09-30",
        certificateNo: "鲁(2018)乳山市农村土地承包经营权第000123号",
        status: "active",
        plots: [
          { plotCode: plot(1), name: null, areaMu: "1.25" },
          { plotCode: plot(2), name: null, areaMu: "2.3333" },
        ],
        plotCount: 2,
        totalAreaMu: "3.5833",
      });
      const read = await world.request("GET", `/v1/land-contracts/${contractor(1)}J`);
      expect(read.body).toEqual(res.body);
    });

    it("registers a contract coded Q as an other-method contract", async () => {
      await household(2);
      await registerPlot(world, VILLAGE, 3, "10");
      const res = await world.request("POST", contractsPath(), { body: contractBody(2, [3], { contractCode: `${contractor(2)}Q`, startsOn: "2020-01-01", endsOn: "2049-12-31" }) });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ mode: "other", totalAreaMu: "10.00", plotCount: 1 });
    });

    it("answers the same facts again with 200 and the stored contract, whatever the order of the plots", async () => {
      await household(3);
      await registerPlot(world, VILLAGE, 4, "0.5");
      await registerPlot(world, VILLAGE, 5, "0.75");
      const first = await world.request("POST", contractsPath(), { body: contractBody(3, [4, 5]) });
      expect(first.status, first.text).toBe(201);
      const again = await world.request("POST", contractsPath(), { body: contractBody(3, [5, 4]) });
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it("lets the collective's registrar register a contract", async () => {
      await household(4);
      await registerPlot(world, VILLAGE, 6);
      const res = await world.request("POST", contractsPath(), { body: contractBody(4, [6]), token: tokens.registrarVillage });
      expect(res.status, res.text).toBe(201);
    });
  });

  describe("rejects", () => {
    it("refuses other facts under a registered contract code with 409 contract_already_registered and keeps the first facts", async () => {
      await household(10);
      await registerPlot(world, VILLAGE, 10);
      await registerContract(world, VILLAGE, 10, [10]);
      const res = await world.request("POST", contractsPath(), { body: contractBody(10, [10], { endsOn: "2058-09-30" }) });
      expectProblem(res, 409, "contract_already_registered");
      const read = await world.request("GET", `/v1/land-contracts/${contractor(10)}J`);
      expect(read.body.endsOn).toBe("2028-09-30");
    });

    it.each([
      ["a contract code of another contractor", { contractCode: `${contractor(12)}J` }, "contract_code_contractor_mismatch"],
      ["mode letter X", { contractCode: `${contractor(11)}X` }, "contract_code_malformed"],
      ["an 18-character contract code", { contractCode: contractor(11) }, "contract_code_malformed"],
      ["a contractor of another issuing party", { contractCode: `${contractorCode(GROUP.issuerCode, 11)}J`, contractorCode: contractorCode(GROUP.issuerCode, 11) }, "contractor_code_outside_issuer"],
      ["a plot listed twice", { plotCodes: [plot(11), plot(11)] }, "contract_plots_duplicated"],
      ["a plot of another issuing party", { plotCodes: [plot(11), plotCode(GROUP.issuerCode, 11)] }, "plot_outside_collective"],
      ["a malformed plot code", { plotCodes: [plot(11), `${VILLAGE.issuerCode}00000`] }, "plot_code_malformed"],
      ["a term ending before it starts", { startsOn: "2028-09-30", endsOn: "1998-10-01" }, "contract_term_invalid"],
      ["a term ending the day it starts", { startsOn: "2028-09-30", endsOn: "2028-09-30" }, "contract_term_invalid"],
    ])("refuses %s with 422 %s and writes nothing", async (_name, change, code) => {
      const body = contractBody(11, [11], change);
      expectProblem(await world.request("POST", contractsPath(), { body }), 422, code);
      expectProblem(await world.request("GET", `/v1/land-contracts/${body.contractCode}`), 404, "land_contract_not_found");
      expect((await world.request("GET", `/v1/plots/${plot(11)}`)).body.currentContract).toBeNull();
    });

    it("refuses a plot that is not registered with 404 plot_not_found and contracts none of the others", async () => {
      await household(12);
      await registerPlot(world, VILLAGE, 12);
      const res = await world.request("POST", contractsPath(), { body: contractBody(12, [12, 13]) });
      expectProblem(res, 404, "plot_not_found");
      expectProblem(await world.request("GET", `/v1/land-contracts/${contractor(12)}J`), 404, "land_contract_not_found");
      expect((await world.request("GET", `/v1/plots/${plot(12)}`)).body.currentContract).toBeNull();
    });

    it("refuses a household that is not registered with 404 household_not_found", async () => {
      await registerPlot(world, VILLAGE, 14);
      const res = await world.request("POST", contractsPath(), { body: contractBody(99, [14]) });
      expectProblem(res, 404, "household_not_found");
    });

    it("refuses a plot already under an active contract with 409 plot_already_contracted and writes nothing", async () => {
      await household(15);
      await household(16);
      await registerPlot(world, VILLAGE, 15);
      await registerPlot(world, VILLAGE, 16);
      const first = await registerContract(world, VILLAGE, 15, [15]);
      const res = await world.request("POST", contractsPath(), { body: contractBody(16, [16, 15]) });
      expectProblem(res, 409, "plot_already_contracted");
      expect(res.body.detail).toContain(plot(15));
      expectProblem(await world.request("GET", `/v1/land-contracts/${contractor(16)}J`), 404, "land_contract_not_found");
      expect((await world.request("GET", `/v1/plots/${plot(15)}`)).body.currentContract.contractCode).toBe(first.contractCode);
      expect((await world.request("GET", `/v1/plots/${plot(16)}`)).body.currentContract).toBeNull();
    });

    it("refuses a second contract of the same household over its own contracted plot with 409 plot_already_contracted", async () => {
      await household(17);
      await registerPlot(world, VILLAGE, 17);
      await registerContract(world, VILLAGE, 17, [17]);
      const res = await world.request("POST", contractsPath(), { body: contractBody(17, [17], { contractCode: `${contractor(17)}Q` }) });
      expectProblem(res, 409, "plot_already_contracted");
    });

    it("refuses a resident ID number typed as the contractor code with 422, without echoing it", async () => {
      let index = 0;
      while (idNumber(index).endsWith("X")) index++;
      const id = idNumber(index);
      const res = await world.request("POST", contractsPath(), { body: contractBody(18, [18], { contractCode: `${id}J`, contractorCode: id }) });
      expectProblem(res, 422, "contractor_code_outside_issuer");
      expect(res.text).not.toContain(id);
    });

    it.each([
      ["a date that does not exist", { startsOn: "1998-02-30" }, "#/startsOn"],
      ["a date in another format", { endsOn: "2028/09/30" }, "#/endsOn"],
      ["no plots", { plotCodes: [] }, "#/plotCodes"],
      ["plot codes as a string", { plotCodes: plot(19) }, "#/plotCodes"],
      ["an unknown field", { area: "1.5" }, "#/area"],
    ])("refuses %s with 400 validation_failed pointing at %s", async (_name, change, pointer) => {
      const res = await world.request("POST", contractsPath(), { body: contractBody(19, [19], change) });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => contractsPath(),
    body: () => contractBody(30, [30]),
    refused: async () => [
      { name: "bureau (read-only)", token: tokens.bureauIn, status: 403, code: "forbidden" },
      { name: "holder (read-only)", token: tokens.holderOther, status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/land-contracts/{contractCode}", () => {
  it("answers the collective's registrar, a bureau covering it, and every member of the contracting household", async () => {
    const { head, spouse } = await household(20, { spouse: true });
    await registerPlot(world, VILLAGE, 20, "3.3");
    await registerContract(world, VILLAGE, 20, [20]);
    const holders = [await createToken(world, { role: "holder", personId: head.id }), await createToken(world, { role: "holder", personId: spouse!.id })];
    for (const token of [tokens.registrarVillage, tokens.bureauIn, ...holders]) {
      const res = await world.request("GET", `/v1/land-contracts/${contractor(20)}J`, { token });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ contractorCode: contractor(20), plots: [{ plotCode: plot(20), areaMu: "3.30" }], totalAreaMu: "3.30" });
    }
  });

  it("answers a contract out of scope exactly like an unknown contract", async () => {
    await household(21);
    await registerPlot(world, VILLAGE, 21);
    await registerContract(world, VILLAGE, 21, [21]);
    const unknown = await world.request("GET", `/v1/land-contracts/${contractor(22)}J`, { token: tokens.registrarGroup });
    expectProblem(unknown, 404, "land_contract_not_found");
    for (const token of [tokens.registrarGroup, tokens.bureauOut, tokens.holderOther]) {
      const hidden = await world.request("GET", `/v1/land-contracts/${contractor(21)}J`, { token });
      expectProblem(hidden, 404, "land_contract_not_found");
      expect({ ...hidden.body, detail: null, requestId: null, instance: null }).toEqual({ ...unknown.body, detail: null, requestId: null, instance: null });
      expect(hidden.body.detail).toBe(`No land contract ${contractor(21)}J in your scope.`);
    }
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/land-contracts/${contractor(31)}J`,
    refused: async () => [
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "land_contract_not_found" },
      { name: "bureau outside its prefix", token: tokens.bureauOut, status: 404, code: "land_contract_not_found" },
      { name: "holder of another person", token: tokens.holderOther, status: 404, code: "land_contract_not_found" },
    ],
  });
});
